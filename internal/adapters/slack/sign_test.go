package slack

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// Slack's documented example ("Verifying requests from Slack").
const (
	docSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	docTimestamp = "1531420618"
	docBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func TestSignReproducesSlackDocExample(t *testing.T) {
	if got := sign(docSecret, docTimestamp, []byte(docBody)); got != docSignature {
		t.Fatalf("sign = %s, want %s", got, docSignature)
	}
}

// The handler's verifier accepts Slack's 2018 example when its clock says
// 2018, which slack.NewSecretsVerifier (wall clock only) cannot do.
func TestVerifyAcceptsSlackDocExampleWithInjectedClock(t *testing.T) {
	h := http.Header{}
	h.Set(headerTimestamp, docTimestamp)
	h.Set(headerSignature, docSignature)
	sec, _ := strconv.ParseInt(docTimestamp, 10, 64)
	if err := verify(docSecret, h, []byte(docBody), time.Unix(sec, 0).Add(time.Minute)); err != nil {
		t.Fatalf("verify: %v", err)
	}
	if err := verify(docSecret, h, []byte(docBody), time.Now()); !errors.Is(err, errExpiredTimestamp) {
		t.Fatalf("verify with today's clock = %v, want %v", err, errExpiredTimestamp)
	}
}

func TestVerify(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte("command=%2Fnato&text=who+is+stoltenberg%3F")
	at := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }

	tests := []struct {
		name   string
		secret string
		ts     string
		sig    string // "" means sign with secret and ts
		body   []byte
		want   error
	}{
		{name: "valid", secret: testSecret, ts: at(0)},
		{name: "valid 4m59s old", secret: testSecret, ts: at(-4*time.Minute - 59*time.Second)},
		{name: "valid 4m59s ahead", secret: testSecret, ts: at(4*time.Minute + 59*time.Second)},
		{name: "6 minutes old", secret: testSecret, ts: at(-6 * time.Minute), want: errExpiredTimestamp},
		{name: "6 minutes ahead", secret: testSecret, ts: at(6 * time.Minute), want: errExpiredTimestamp},
		{name: "tampered body", secret: testSecret, ts: at(0), body: []byte("command=%2Fnato&text=who+is+stoltenberg%21"), want: errBadSignature},
		{name: "wrong secret", secret: testSecret, ts: at(0), sig: sign("another-secret", at(0), body), want: errBadSignature},
		{name: "signature for another timestamp", secret: testSecret, ts: at(0), sig: sign(testSecret, at(-time.Second), body), want: errBadSignature},
		{name: "no v0 prefix", secret: testSecret, ts: at(0), sig: sign(testSecret, at(0), body)[3:], want: errBadSignature},
		{name: "v1 prefix", secret: testSecret, ts: at(0), sig: "v1=" + sign(testSecret, at(0), body)[3:], want: errBadSignature},
		{name: "garbage signature", secret: testSecret, ts: at(0), sig: "v0=zz", want: errBadSignature},
		{name: "missing timestamp", secret: testSecret, ts: "", sig: sign(testSecret, at(0), body), want: errMissingHeaders},
		{name: "non-numeric timestamp", secret: testSecret, ts: "yesterday", sig: "v0=00", want: errBadTimestamp},
		{name: "negative timestamp", secret: testSecret, ts: "-5", sig: "v0=00", want: errBadTimestamp},
		{name: "no secret configured", secret: "", ts: at(0), sig: sign("", at(0), body), want: errNoSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.ts != "" {
				h.Set(headerTimestamp, tt.ts)
			}
			sig := tt.sig
			if sig == "" {
				sig = sign(tt.secret, tt.ts, body)
			}
			h.Set(headerSignature, sig)
			sent := body
			if tt.body != nil {
				sent = tt.body
			}
			if err := verify(tt.secret, h, sent, now); !errors.Is(err, tt.want) {
				t.Fatalf("verify = %v, want %v", err, tt.want)
			}
		})
	}

	t.Run("missing signature", func(t *testing.T) {
		h := http.Header{}
		h.Set(headerTimestamp, at(0))
		if err := verify(testSecret, h, body, now); !errors.Is(err, errMissingHeaders) {
			t.Fatalf("verify = %v, want %v", err, errMissingHeaders)
		}
	})
}
