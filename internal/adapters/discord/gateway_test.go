package discord

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// frame builds a server-to-client WebSocket frame.
func frame(opcode byte, payload []byte) []byte {
	b := []byte{0x80 | opcode}
	switch n := len(payload); {
	case n < 126:
		b = append(b, byte(n))
	case n <= 0xffff:
		b = append(b, 126)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b = append(b, 127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	return append(b, payload...)
}

func closePayload(code int, text string) []byte {
	return append(binary.BigEndian.AppendUint16(nil, uint16(code)), text...)
}

func TestFrameScannerFindsCloseCode(t *testing.T) {
	upgrade := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
	tests := []struct {
		name   string
		stream []byte
		want   []int
	}{
		{"no close", bytes.Join([][]byte{[]byte(upgrade), frame(1, []byte(`{"op":10}`))}, nil), nil},
		{"close after frames of every length class", bytes.Join([][]byte{
			[]byte(upgrade),
			frame(1, []byte(`{"op":10}`)),
			frame(2, bytes.Repeat([]byte{0x88, 0x0f}, 300)),   // 16-bit length, bytes that look like close frames
			frame(1, bytes.Repeat([]byte("\r\n\r\n"), 20000)), // 64-bit length
			frame(9, nil),                                     // ping, empty
			frame(8, closePayload(4004, "Authentication failed.")),
		}, nil), []int{4004}},
		{"close without status", bytes.Join([][]byte{[]byte(upgrade), frame(8, nil)}, nil), []int{1005}},
		{"bytes before the upgrade ends are not frames", bytes.Join([][]byte{
			[]byte("HTTP/1.1 101 OK\r\nX-Junk: \x88\x02\x0f\xa4\r\n\r\n"), frame(8, closePayload(4014, "")),
		}, nil), []int{4014}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Feed the stream in every chunk size from 1 byte to all at once.
			for _, size := range []int{1, 2, 3, 7, 64, 4096, len(tt.stream)} {
				var got []int
				s := frameScanner{onClose: func(code int) { got = append(got, code) }}
				for p := tt.stream; len(p) > 0; {
					n := min(size, len(p))
					s.feed(p[:n])
					p = p[n:]
				}
				if !equalInts(got, tt.want) {
					t.Fatalf("chunks of %d: close codes %v, want %v", size, got, tt.want)
				}
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The production gateway is wss://; the watcher does the TLS handshake
// itself so that it sees plain frames.
func TestCloseWatcherOverTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		ws.WriteMessage(websocket.TextMessage, []byte(`{"op":10,"d":{"heartbeat_interval":41250}}`))
		ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4014, "Disallowed intent(s)."), time.Now().Add(time.Second))
	}))
	defer srv.Close()

	var w closeWatcher
	d := w.dialer(srv.Client().Transport.(*http.Transport).TLSClientConfig)
	conn, _, err := d.Dial("wss://"+strings.TrimPrefix(srv.URL, "https://")+"/ws", nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	if _, _, err := conn.ReadMessage(); err != nil {
		t.Fatalf("hello: %v", err)
	}
	_, _, err = conn.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4014 {
		t.Fatalf("read = %v, want close 4014", err)
	}
	if got := w.last(); got != 4014 {
		t.Errorf("watcher saw %d, want 4014", got)
	}
	if err := fatalClose(w.last()); !errors.Is(err, ErrFatalClose) {
		t.Errorf("fatalClose(4014) = %v", err)
	}
}

func TestFatalCodes(t *testing.T) {
	for code := 1000; code < 5000; code++ {
		err := fatalClose(code)
		want := code == 4004 || (code >= 4010 && code <= 4014)
		if (err != nil) != want {
			t.Errorf("fatalClose(%d) = %v, want fatal=%v", code, err, want)
		}
	}
}
