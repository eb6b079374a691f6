package answers

import "testing"

// TestThresholdSeparatesRightFromFalse checks the threshold choice on
// questions whose right answers are confident and whose unanswerable ones
// are not: it falls between them, and gives their shares.
func TestThresholdSeparatesRightFromFalse(t *testing.T) {
	var os []outcome
	for i := range 40 {
		os = append(os, outcome{in: true, conf: 0.8 + float64(i%4)*0.05, right: true})
		os = append(os, outcome{in: false, conf: 0.2 + float64(i%4)*0.05})
	}
	os = append(os, outcome{in: true, conf: -1}) // decided before the gate
	at := bestThreshold(os)
	if at <= 0.35 || at > 0.8 {
		t.Fatalf("threshold %.2f does not fall between 0.35 and 0.8", at)
	}
	r, f := shares(os, at)
	if r != 40.0/41 || f != 0 {
		t.Errorf("at %.2f: right %.3f, false %.3f; want %.3f, 0", at, r, f, 40.0/41)
	}
	// A third of the unanswerable questions as confident as the answerable
	// ones: answering them would cost falseCost times a third, more than
	// the right answers gain, so the threshold rises above them.
	for i := range 20 {
		os = append(os, outcome{in: false, conf: 0.85 + float64(i%2)*0.05})
	}
	if at := bestThreshold(os); at <= 0.9 {
		t.Errorf("threshold %.2f answers a third of the unanswerable questions", at)
	}
}
