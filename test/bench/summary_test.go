package main

import (
	"testing"
	"time"
)

func TestSummaryRoundsAsTheRunsDo(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want float64
	}{
		{225600 * time.Microsecond, 226},
		{225400 * time.Microsecond, 225},
		{-600 * time.Microsecond, -1},
	} {
		if got := roundedMillis(tc.d); got != tc.want {
			t.Errorf("roundedMillis(%s) = %v, want %v", tc.d, got, tc.want)
		}
	}
}
