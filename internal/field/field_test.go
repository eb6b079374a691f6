package field

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestEachFindsEveryFieldInJoinedErrors(t *testing.T) {
	other := errors.New("no field")
	err := errors.Join(
		Errorf("Command", "%q is not one word", "a b"),
		fmt.Errorf("wrapped: %w", errors.Join(Errorf("Window", "must be positive"), other)),
		nil,
	)
	var got []string
	Each(err, func(problem error, fe *Error) {
		switch {
		case fe == nil:
			got = append(got, "(none): "+problem.Error())
		default:
			got = append(got, fe.Field+" | "+fe.Problem)
		}
	})
	// A wrapped error is one problem: Each splits only what errors.Join
	// made, at the top or inside another join.
	want := []string{`Command | "a b" is not one word`, "(none): wrapped: Window: must be positive\nno field"}
	if !slices.Equal(got, want) {
		t.Errorf("Each saw %q, want %q", got, want)
	}
	Each(nil, func(error, *Error) { t.Error("a problem in nil") })
}
