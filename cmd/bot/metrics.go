package main

import (
	"time"

	"github.com/articlebot/articlebot/internal/adapters/ask"
	"github.com/articlebot/articlebot/internal/answers"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// answerBuckets bound the engine's time per question, 5µs to 100ms, as
// round numbers so the exposition reads le="2.5e-05", not a float's error.
var answerBuckets = []float64{5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 1e-1}

// metrics are the bot's Prometheus metrics, on a registry of their own.
type metrics struct {
	registry  *prometheus.Registry
	questions *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	limited   *prometheus.CounterVec
	reloads   *prometheus.CounterVec
	kbInfo    *prometheus.GaugeVec
	kbFacts   prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		questions: counterVec("articlebot_questions_total",
			"Questions answered, by platform and status (answered, suggest, unknown, meta).", "platform", "status"),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "articlebot_answer_seconds", Help: "Time the answer engine took per question.",
			Buckets: answerBuckets,
		}, []string{"platform"}),
		limited: counterVec("articlebot_rate_limited_total", "Questions refused by the per-user rate limit.", "platform"),
		reloads: counterVec("articlebot_knowledge_reloads_total", "Knowledge base reloads, by result (ok, error).", "result"),
		kbInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "articlebot_knowledge_info", Help: "The knowledge base serving now: 1 for its version.",
		}, []string{"version"}),
		kbFacts: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "articlebot_knowledge_facts", Help: "Facts in the knowledge base serving now.",
		}),
	}
	m.registry.MustRegister(m.questions, m.latency, m.limited, m.reloads, m.kbInfo, m.kbFacts,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.reloads.WithLabelValues("ok")
	m.reloads.WithLabelValues("error")
	return m
}

// counterVec is a counter with labels.
func counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
}

// platform starts a platform's series at zero, so that a dashboard or an
// alert sees them before the first question, and returns what counts the
// platform's questions in them.
func (m *metrics) platform(name string) ask.Observer {
	for _, s := range []answers.Status{answers.StatusAnswered, answers.StatusSuggest, answers.StatusUnknown, answers.StatusMeta} {
		m.questions.WithLabelValues(name, string(s))
	}
	m.latency.WithLabelValues(name)
	m.limited.WithLabelValues(name)
	return platformMetrics{m: m, platform: name}
}

// platformMetrics counts one platform's questions, by status and time, and
// its refusals.
type platformMetrics struct {
	m        *metrics
	platform string
}

func (p platformMetrics) Answered(_, _ string, a answers.Answer, took time.Duration) {
	p.m.questions.WithLabelValues(p.platform, string(a.Status)).Inc()
	p.m.latency.WithLabelValues(p.platform).Observe(took.Seconds())
}

func (p platformMetrics) Limited(string) { p.m.limited.WithLabelValues(p.platform).Inc() }

// knowledge records the knowledge base now serving.
func (m *metrics) knowledge(version string, facts int) {
	m.kbInfo.Reset()
	m.kbInfo.WithLabelValues(version).Set(1)
	m.kbFacts.Set(float64(facts))
}

// counterFunc registers a counter read from a function, such as an
// adapter's count of signature failures.
func (m *metrics) counterFunc(name, help string, f func() float64) {
	m.registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, f))
}
