package validation_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// withThemes is an incident with the given themes.
func withThemes(themes ...string) *v1alpha1.Incident {
	return fixtures.Incident("inc", func(i *v1alpha1.Incident) { i.Spec.Themes = themes })
}

// themeRefusals: what the rules of an incident's themes refuse.
func themeRefusals() []TableEntry {
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = "theme-" + strings.Repeat("x", i+1)
	}
	return []TableEntry{
		Entry("an incident with 11 themes", withThemes(eleven...),
			"spec.themes: "+tooMany, "must have at most 10 items"),
		Entry("a one-letter theme", withThemes("x"),
			"spec.themes[0]", "should be at least 2 chars long"),
		Entry("a theme of 41 characters", withThemes(strings.Repeat("x", 41)),
			"spec.themes[0]: "+tooLong, "40"),
		Entry("a theme in capitals, with a space", withThemes("Phishing Email"),
			"spec.themes[0]", "should match"),
		Entry("a theme given twice", withThemes("phishing", "phishing"),
			"spec.themes[1]: Duplicate value"),
	}
}
