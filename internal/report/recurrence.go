package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// MaxThemes bounds recurrence.themes: the most frequent are kept.
const MaxThemes = 50

// sightings counts, for each name (an area, a cause type, a cause category,
// a theme), the incidents it was seen in: an incident counts once however
// often it names it.
type sightings struct {
	areas, causeTypes, categories, themes map[string]int32
}

// sight counts what each member names. Areas and cause types count every
// review, exercises too (as they always have); cause categories and themes
// count incidents and near misses only: a phishing exercise is no phishing
// incident, and "phishing: 4 incidents" must mean incidents. Themes, free
// text, count only where the scope may name them: a confidential
// namespace's theme is never named, and it adds nothing to a named one's
// count either, which would tell whoever writes that theme in a namespace
// they can edit whether the confidential namespace holds it too.
func sight(in []*review.Case, scope Scope) sightings {
	s := sightings{areas: map[string]int32{}, causeTypes: map[string]int32{}, categories: map[string]int32{}, themes: map[string]int32{}}
	for _, m := range in {
		exercise := m.Incident.Spec.Type == v1alpha1.IncidentTypeExercise
		var areas, causeTypes, categories, themes []string
		for i := range m.Actions {
			if a := m.Actions[i].Spec.Area; slices.Contains(v1alpha1.ImprovementAreas, a) {
				areas = append(areas, string(a))
			}
		}
		if m.RCA != nil {
			for _, c := range m.RCA.Spec.Causes {
				if c.Type == v1alpha1.CauseTechnical || c.Type == v1alpha1.CauseNonTechnical {
					causeTypes = append(causeTypes, string(c.Type))
				}
				if c.Category != "" && !exercise {
					categories = append(categories, string(c.Category))
				}
			}
		}
		if !exercise && scope.Named(m.Incident.Namespace) {
			themes = m.Incident.Spec.Themes
		}
		once(s.areas, areas)
		once(s.causeTypes, causeTypes)
		once(s.categories, categories)
		once(s.themes, themes)
	}
	return s
}

// once counts each distinct name of one incident once.
func once(counts map[string]int32, names []string) {
	names = slices.Clone(names)
	slices.Sort(names)
	for _, n := range slices.Compact(names) {
		if n != "" {
			counts[n]++
		}
	}
}

// findRecurrence lists what was seen in more than one incident of the
// period, each with the incidents of the previous period that showed it
// too, most frequent first, then by name.
func findRecurrence(now, before sightings) v1alpha1.Recurrence {
	r := v1alpha1.Recurrence{
		Areas:           recurring(now.areas, before.areas),
		CauseTypes:      recurring(now.causeTypes, before.causeTypes),
		CauseCategories: recurring(now.categories, before.categories),
	}
	for _, t := range recurring(now.themes, before.themes) {
		r.Themes = append(r.Themes, v1alpha1.RecurringTheme{Theme: t.Name, Incidents: t.Incidents, PreviousPeriod: t.PreviousPeriod})
	}
	if len(r.Themes) > MaxThemes {
		r.Themes = r.Themes[:MaxThemes]
	}
	return r
}

// recurring lists the names counted more than once, most frequent first,
// then by name; nil when none is.
func recurring(now, before map[string]int32) []v1alpha1.Recurring {
	var out []v1alpha1.Recurring
	for name, n := range now {
		if n > 1 {
			out = append(out, v1alpha1.Recurring{Name: name, Incidents: n, PreviousPeriod: before[name]})
		}
	}
	slices.SortFunc(out, func(a, b v1alpha1.Recurring) int {
		return cmp.Or(cmp.Compare(b.Incidents, a.Incidents), strings.Compare(a.Name, b.Name))
	})
	return out
}
