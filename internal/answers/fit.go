package answers

import "math"

// logistic is a fitted logistic regression over standardised features:
// P(y=1 | x) = σ(b + Σ w_i (x_i − mean_i)/scale_i).
type logistic struct {
	Mean  []float64 `json:"mean"`
	Scale []float64 `json:"scale"`
	W     []float64 `json:"w"`
	B     float64   `json:"b"`
}

// logit is the model's log-odds for x.
func (m *logistic) logit(x []float64) float64 {
	z := m.B
	for i, v := range x {
		z += m.W[i] * (v - m.Mean[i]) / m.Scale[i]
	}
	return z
}

// prob is the model's probability for x.
func (m *logistic) prob(x []float64) float64 { return sigmoid(m.logit(x)) }

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// fitLogistic fits a logistic regression with an L2 penalty of strength l2
// on the weights (not the intercept) by Newton's method, which converges in a
// few steps for the few features here and needs no learning rate. Rows may
// carry weights (nil means 1 each).
func fitLogistic(x [][]float64, y, rowWeight []float64, l2 float64) logistic {
	n, d := len(x), len(x[0])
	m := logistic{Mean: make([]float64, d), Scale: make([]float64, d), W: make([]float64, d)}
	for j := range d {
		var s, ss float64
		for _, r := range x {
			s += r[j]
		}
		mean := s / float64(n)
		for _, r := range x {
			ss += (r[j] - mean) * (r[j] - mean)
		}
		m.Mean[j], m.Scale[j] = mean, math.Sqrt(ss/float64(n))
		if m.Scale[j] < 1e-9 {
			m.Scale[j] = 1
		}
	}
	z := make([][]float64, n) // standardised rows with a leading 1
	for i, r := range x {
		z[i] = make([]float64, d+1)
		z[i][0] = 1
		for j, v := range r {
			z[i][j+1] = (v - m.Mean[j]) / m.Scale[j]
		}
	}
	beta := make([]float64, d+1)
	for range 50 {
		grad := make([]float64, d+1)
		hess := make([][]float64, d+1)
		for j := range hess {
			hess[j] = make([]float64, d+1)
		}
		for i, r := range z {
			w := 1.0
			if rowWeight != nil {
				w = rowWeight[i]
			}
			var eta float64
			for j, v := range r {
				eta += beta[j] * v
			}
			p := sigmoid(eta)
			g, h := w*(p-y[i]), w*p*(1-p)
			for j, v := range r {
				grad[j] += g * v
				for k := j; k < len(r); k++ {
					hess[j][k] += h * v * r[k]
				}
			}
		}
		for j := 1; j <= d; j++ {
			grad[j] += l2 * beta[j]
			hess[j][j] += l2
		}
		for j := range hess {
			for k := range j {
				hess[j][k] = hess[k][j]
			}
			hess[j][j] += 1e-9
		}
		step := solve(hess, grad)
		var change float64
		for j := range beta {
			beta[j] -= step[j]
			change = max(change, math.Abs(step[j]))
		}
		if change < 1e-8 {
			break
		}
	}
	m.B = beta[0]
	copy(m.W, beta[1:])
	return m
}

// solve solves a·x = b for a symmetric positive definite a by Gaussian
// elimination with partial pivoting; a and b are left unchanged.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(append([]float64{}, a[i]...), b[i])
	}
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := m[r][n]
		for k := r + 1; k < n; k++ {
			s -= m[r][k] * x[k]
		}
		x[r] = s / m[r][r]
	}
	return x
}
