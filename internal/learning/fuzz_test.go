package learning_test

import (
	"strings"
	"testing"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/learning"
)

// FuzzRedactor: whatever the text, what the redactor returns, read as a
// reader would, holds no e-mail address and none of the names it knows.
func FuzzRedactor(f *testing.F) {
	for _, seed := range []string{
		"Reported by jo.bloggs@northshire.example.nhs.uk",
		"jo.bloggs&amp;amp;amp;amp;#64;northshire.example.nhs.uk",
		"jo<<b>b>.bloggs</b>@north<i>shire</i>.nhs.uk",
		"Jо Blоggs and Patient Records in occupational health",
		"ｊｏ＠ｅｘａｍｐｌｅ．ｏｒｇ",
		"x [at] y (dot) z",
	} {
		f.Add(seed)
	}
	people := []v1alpha1.Person{"jo.bloggs@northshire.example.nhs.uk", "team:patient-records"}
	namespaces := []string{"occupational-health"}
	r := learning.NewRedactor(people, namespaces)
	names := []string{"jo", "bloggs", "jo.bloggs", "patient-records", "patient records", "occupational-health", "occupational health"}
	f.Fuzz(func(t *testing.T, text string) {
		out, _ := r.Text(text)
		seen := strings.ToLower(learning.Readable(out))
		if m := address.FindString(seen); m != "" {
			t.Fatalf("Text(%q) = %q holds the address %q", text, out, m)
		}
		for _, n := range names {
			if containsWord(seen, n) {
				t.Fatalf("Text(%q) = %q holds the name %q", text, out, n)
			}
		}
	})
}
