// Package field names the field of a configuration that a problem is with.
//
// A package that owns a configuration (an adapter's Config, the rate limit
// of internal/adapters/ask) validates it in its own terms and names each
// field as its Go code does. cmd/bot, which fills configurations from a
// file, the environment and flags, finds the setting behind the field and
// names that instead, so the packages need not know the settings' names.
//
// It imports only the standard library.
package field

import "fmt"

// Error is a problem with one field of a configuration.
type Error struct {
	// Field is the field's name in Go: "ShardID".
	Field string
	// Problem says what is wrong, without naming the field: "-1 must not be
	// negative".
	Problem string
}

func (e *Error) Error() string { return e.Field + ": " + e.Problem }

// Errorf is the problem with field, formatted as fmt.Sprintf does.
func Errorf(field, format string, args ...any) error {
	return &Error{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Each calls f for each problem in err, an error or errors.Join of errors
// (joins inside joins too), in order: with the problem as an *Error, or nil
// for one that is not one (a wrapped *Error, whose wrapper says more, is
// not). A nil err has no problems.
func Each(err error, f func(problem error, fe *Error)) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			Each(e, f)
		}
		return
	}
	if err == nil {
		return
	}
	fe, _ := err.(*Error)
	f(err, fe)
}
