package statuskit

import (
	"testing"
	"time"
	"unicode/utf8"
)

func TestHumanDuration(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "under a minute"},
		{59 * time.Second, "under a minute"},
		{time.Minute, "1m"},
		{59*time.Minute + 59*time.Second, "59m"},
		{time.Hour, "1h"},
		{time.Hour + 30*time.Minute, "1h30m"},
		{23*time.Hour + 59*time.Minute, "23h59m"},
		{Day, "1d"},
		{Day + 30*time.Minute, "1d"},
		{3*Day + 5*time.Hour, "3d5h"},
		{72 * time.Hour, "3d"},
		{-36 * time.Hour, "1d12h"},
	} {
		if got := HumanDuration(c.d); got != c.want {
			t.Errorf("HumanDuration(%s) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestFormatTimeIsUTC(t *testing.T) {
	bst := time.Date(2026, 5, 4, 10, 30, 0, 0, time.FixedZone("BST", 3600))
	if got := FormatTime(bst); got != "2026-05-04T09:30:00Z" {
		t.Errorf("FormatTime = %q", got)
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven long", 10, "eleven …"},
		{"ééééé", 8, "éé…"}, // 10 bytes; a cut after 5 would split the third é
	} {
		got := Clip(c.in, c.n)
		if got != c.want || len(got) > c.n || !utf8.ValidString(got) {
			t.Errorf("Clip(%q, %d) = %q, want %q within %d bytes", c.in, c.n, got, c.want, c.n)
		}
	}
}
