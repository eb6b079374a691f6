package discord

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// ErrFatalClose is wrapped by the error Run returns when Discord closes the
// gateway with a code that reconnecting cannot fix (a bad token, bad
// sharding or intents). Fix the configuration and start again.
var ErrFatalClose = errors.New("discord: gateway closed the connection for good")

// ErrTokenRefused is wrapped by the error Run returns when Discord refuses
// the bot token, whether at start-up or by closing the gateway: it is wrong
// or was reset. Set the right one and start again.
var ErrTokenRefused = errors.New("the bot token was refused")

// fatalReason says what to do about a gateway close code that Discord marks
// as not to be reconnected after (developers/topics/opcodes-and-status-codes.mdx).
// ok is false for every other code.
func fatalReason(code int) (reason string, ok bool) {
	switch code {
	case 4004:
		return "authentication failed: the bot token is wrong or was reset", true
	case 4010:
		return "invalid shard: check the shard id and the number of shards", true
	case 4011:
		return "sharding required: the bot is in too many guilds for one connection; run it in more shards", true
	case 4012:
		return "invalid API version", true
	case 4013:
		return "invalid intents", true
	case 4014:
		return "disallowed intents: enable the Message Content intent in the Developer Portal, or set no prefix", true
	}
	return "", false
}

// closeError is a fatal close of the gateway.
type closeError struct{ code int }

func (e closeError) Error() string {
	reason, _ := fatalReason(e.code)
	return fmt.Sprintf("gateway closed with %d, %s; not reconnecting", e.code, reason)
}

func (e closeError) Is(target error) bool {
	return target == ErrFatalClose || target == ErrTokenRefused && e.code == 4004
}

// fatalClose returns the error for a fatal close code, or nil.
func fatalClose(code int) error {
	if _, ok := fatalReason(code); !ok {
		return nil
	}
	return closeError{code}
}

// closeWatcher learns the close code Discord sends on the gateway.
//
// discordgo reads the close frame in its listen loop, logs the error and
// reconnects without looking at the code (bwmarrin/discordgo#1544). The code
// never reaches the caller, so the watcher reads it off the wire instead: its
// dialer wraps each connection and scans the server's WebSocket frames
// (RFC 6455 section 5.2) for a close frame. It sees only bytes discordgo reads
// anyway and changes none of them.
type closeWatcher struct {
	code atomic.Int32 // close code received on the latest connection, 0 if none
}

// last returns the close code received on the latest connection, 0 if none.
func (w *closeWatcher) last() int { return int(w.code.Load()) }

// dialer returns a websocket dialer for discordgo whose connections report
// their close code to w. tlsConfig is nil in production (system roots).
//
// Because the TLS handshake has to happen inside the dialer to see plain
// frames, the gateway connection does not go through an HTTP proxy.
func (w *closeWatcher) dialer(tlsConfig *tls.Config) *websocket.Dialer {
	return &websocket.Dialer{
		HandshakeTimeout: 45 * time.Second,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			var d net.Dialer
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return w.watch(c), nil
		},
		NetDialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			d := tls.Dialer{Config: tlsConfig}
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return w.watch(c), nil
		},
	}
}

func (w *closeWatcher) watch(c net.Conn) net.Conn {
	w.code.Store(0)
	return &watchedConn{Conn: c, scan: frameScanner{onClose: func(code int) { w.code.Store(int32(code)) }}}
}

// watchedConn passes every byte it reads through a frameScanner.
type watchedConn struct {
	net.Conn
	scan frameScanner
}

func (c *watchedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.scan.feed(p[:n])
	return n, err
}

// frameScanner follows a client's incoming WebSocket stream: the HTTP
// upgrade response, then frames. It calls onClose with the status code of
// each close frame (1005 when the frame carries none).
type frameScanner struct {
	onClose func(code int)

	upgraded bool   // the HTTP response is behind us
	crlf     int    // how much of "\r\n\r\n" was just seen
	header   []byte // the frame header read so far
	left     uint64 // payload bytes of the current frame still to come
	closing  bool   // the current frame is a close frame
	payload  []byte // the first two payload bytes of a close frame
}

const (
	opClose      = 0x8
	codeNoStatus = 1005
)

func (s *frameScanner) feed(p []byte) {
	for len(p) > 0 {
		switch {
		case !s.upgraded:
			p = s.skipHTTP(p)
		case s.left > 0:
			n := min(s.left, uint64(len(p)))
			if s.closing && len(s.payload) < 2 {
				s.payload = append(s.payload, p[:min(n, uint64(2-len(s.payload)))]...)
			}
			p = p[n:]
			s.left -= n
			if s.left == 0 {
				s.endFrame()
			}
		default:
			s.header = append(s.header, p[0])
			p = p[1:]
			s.parseHeader()
		}
	}
}

// skipHTTP consumes bytes up to and including the blank line ending the
// upgrade response and returns the rest.
func (s *frameScanner) skipHTTP(p []byte) []byte {
	const end = "\r\n\r\n"
	for i, b := range p {
		switch {
		case b == end[s.crlf]:
			s.crlf++
		case b == end[0]:
			s.crlf = 1
		default:
			s.crlf = 0
		}
		if s.crlf == len(end) {
			s.upgraded = true
			return p[i+1:]
		}
	}
	return nil
}

// parseHeader completes a frame header once all its bytes are in.
func (s *frameScanner) parseHeader() {
	h := s.header
	if len(h) < 2 {
		return
	}
	size := 2
	switch h[1] & 0x7f {
	case 126:
		size += 2
	case 127:
		size += 8
	}
	masked := h[1]&0x80 != 0
	if masked { // servers must not mask, but stay in step if one does
		size += 4
	}
	if len(h) < size {
		return
	}
	var length uint64
	switch l := h[1] & 0x7f; l {
	case 126:
		length = uint64(binary.BigEndian.Uint16(h[2:4]))
	case 127:
		length = binary.BigEndian.Uint64(h[2:10])
	default:
		length = uint64(l)
	}
	s.closing = h[0]&0x0f == opClose && !masked
	s.payload = s.payload[:0]
	s.header = s.header[:0]
	s.left = length
	if length == 0 {
		s.endFrame()
	}
}

func (s *frameScanner) endFrame() {
	if !s.closing {
		return
	}
	s.closing = false
	code := codeNoStatus
	if len(s.payload) == 2 {
		code = int(binary.BigEndian.Uint16(s.payload))
	}
	s.onClose(code)
}
