package main

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestMetricsStartAtZero: before any question, /metrics already has the
// series of every configured platform and status, at zero, and the latency
// histogram's bucket bounds are round numbers.
func TestMetricsStartAtZero(t *testing.T) {
	p := serveInProcess(t)
	text := scrape(t, p.addr)
	for _, want := range []string{
		`articlebot_questions_total{platform="slack",status="answered"} 0`,
		`articlebot_questions_total{platform="slack",status="suggest"} 0`,
		`articlebot_questions_total{platform="slack",status="unknown"} 0`,
		`articlebot_questions_total{platform="slack",status="meta"} 0`,
		`articlebot_answer_seconds_count{platform="slack"} 0`,
		`articlebot_rate_limited_total{platform="slack"} 0`,
		`articlebot_knowledge_reloads_total{result="error"} 0`,
		`articlebot_slack_signature_failures_total 0`,
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(text, `platform="discord"`) {
		t.Error("series for Discord, which is not configured")
	}
	bounds := regexp.MustCompile(`articlebot_answer_seconds_bucket\{[^}]*le="([^"]+)"`).FindAllStringSubmatch(text, -1)
	if len(bounds) < 10 {
		t.Fatalf("found %d latency buckets in:\n%s", len(bounds), text)
	}
	for _, b := range bounds {
		if b[1] == "+Inf" {
			continue
		}
		v, err := strconv.ParseFloat(b[1], 64)
		if round, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 2, 64), 64); err != nil || round != v {
			t.Errorf(`bucket bound le="%s" is not a round number`, b[1])
		}
	}
}

// TestAdminAddress: with http.admin_addr set, /metrics and /readyz are
// served there and not on the public address, which keeps Slack and
// /healthz.
func TestAdminAddress(t *testing.T) {
	admin := freeAddr(t)
	p := serveInProcess(t, "--http-admin-addr", admin)
	get := func(addr, path string) int {
		t.Helper()
		r, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s%s: %v", addr, path, err)
		}
		r.Body.Close()
		return r.StatusCode
	}
	for _, tc := range []struct {
		addr, path string
		want       int
	}{
		{admin, "/metrics", 200}, {admin, "/readyz", 200}, {admin, "/healthz", 200},
		{p.addr, "/metrics", 404}, {p.addr, "/readyz", 404}, {p.addr, "/healthz", 200},
		{admin, "/slack/commands", 404},
	} {
		if got := get(tc.addr, tc.path); got != tc.want {
			t.Errorf("GET %s on the %s address: %d, want %d", tc.path, map[bool]string{true: "admin", false: "public"}[tc.addr == admin], got, tc.want)
		}
	}
	r, err := http.DefaultClient.Do(slackRequestFor(p.addr, "test-secret", "who wrote the article?"))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 200 {
		t.Errorf("slash command on the public address: %d", r.StatusCode)
	}
	if !strings.Contains(scrape(t, admin), `articlebot_questions_total{platform="slack",status="answered"} 1`) {
		t.Error("the admin address's /metrics did not count the question")
	}
}

// TestRateLimitedLogsAtABoundedRate: a user asking far too fast makes one
// "rate limited" log line, not one per question; the metric counts each.
func TestRateLimitedLogsAtABoundedRate(t *testing.T) {
	p := serveInProcess(t, "--slack-rate-limit", "1")
	for range 20 {
		r, err := http.DefaultClient.Do(slackRequestFor(p.addr, "test-secret", "who wrote the article?"))
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
	}
	if v := metricValue(scrape(t, p.addr), `articlebot_rate_limited_total{platform="slack"}`); v != 19 {
		t.Errorf("articlebot_rate_limited_total = %v, want 19", v)
	}
	if n := strings.Count(p.logs.String(), "rate limited"); n != 1 {
		t.Errorf("%d log lines about the rate limit for 19 refusals:\n%s", n, p.logs.String())
	}
}
