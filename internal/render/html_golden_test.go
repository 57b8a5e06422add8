package render

import (
	"bytes"
	"slices"
	"testing"
)

// htmlGoldenCases are the reports whose HTML is kept whole in testdata:
// the financial year with everything in it (the governance cycle held,
// a process review's actions and an exercise's lessons), and the year in
// which nothing was held.
var htmlGoldenCases = []string{"financial-year", "empty"}

func TestHTMLGolden(t *testing.T) {
	for _, tc := range goldenCases {
		if !slices.Contains(htmlGoldenCases, tc.name) {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := HTML(&buf, tc.report(), tc.register()); err != nil {
				t.Fatal(err)
			}
			checkGoldenFile(t, tc.name+".golden.html", buf.String())
		})
	}
}
