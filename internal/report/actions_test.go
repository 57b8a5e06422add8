package report_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestActionFigures(t *testing.T) {
	future := fyNow.Add(statuskit.Day)
	past := fyNow.Add(-statuskit.Day)
	tally := func(total, open, overdue, done int32) v1alpha1.ActionTally {
		return v1alpha1.ActionTally{Total: total, Open: open, Overdue: overdue, Done: done}
	}
	for _, c := range []struct {
		name    string
		actions []*v1alpha1.ImprovementAction
		want    v1alpha1.ActionFigures
	}{
		{name: "none"},
		{name: "open, not yet due", actions: acts(actionDue("a", future)),
			want: v1alpha1.ActionFigures{Total: 1, Open: 1,
				ByArea: v1alpha1.AreaTallies{SystemConfiguration: tally(1, 1, 0, 0)}, ByPriority: v1alpha1.PriorityTallies{High: tally(1, 1, 0, 0)}}},
		{name: "in progress, one nanosecond before its due date", actions: acts(actionDue("a", fyNow.Add(time.Nanosecond), fixtures.InProgress())),
			want: v1alpha1.ActionFigures{Total: 1, Open: 1,
				ByArea: v1alpha1.AreaTallies{SystemConfiguration: tally(1, 1, 0, 0)}, ByPriority: v1alpha1.PriorityTallies{High: tally(1, 1, 0, 0)}}},
		{name: "in progress, exactly at its due date: overdue and still open", actions: acts(actionDue("a", fyNow, fixtures.InProgress())),
			want: v1alpha1.ActionFigures{Total: 1, Open: 1, Overdue: 1,
				ByArea: v1alpha1.AreaTallies{SystemConfiguration: tally(1, 1, 1, 0)}, ByPriority: v1alpha1.PriorityTallies{High: tally(1, 1, 1, 0)}}},
		{name: "open, past its due date", actions: acts(actionDue("a", past)),
			want: v1alpha1.ActionFigures{Total: 1, Open: 1, Overdue: 1,
				ByArea: v1alpha1.AreaTallies{SystemConfiguration: tally(1, 1, 1, 0)}, ByPriority: v1alpha1.PriorityTallies{High: tally(1, 1, 1, 0)}}},
		{name: "done late is done, not overdue", actions: acts(actionDue("a", past, fixtures.Done(fyNow))),
			want: v1alpha1.ActionFigures{Total: 1, Done: 1,
				ByArea: v1alpha1.AreaTallies{SystemConfiguration: tally(1, 0, 0, 1)}, ByPriority: v1alpha1.PriorityTallies{High: tally(1, 0, 0, 1)}}},
		{name: "cancelled past its due date is neither open nor overdue", actions: acts(actionDue("a", past, fixtures.Cancelled())),
			want: v1alpha1.ActionFigures{Total: 1, Cancelled: 1,
				ByArea: v1alpha1.AreaTallies{SystemConfiguration: tally(1, 0, 0, 0)}, ByPriority: v1alpha1.PriorityTallies{High: tally(1, 0, 0, 0)}}},
		{name: "by area and by priority",
			actions: acts(
				actionDue("a", past, area(v1alpha1.AreaPoliciesProcessesProcedures), priority(v1alpha1.PriorityCritical)),
				actionDue("b", future, area(v1alpha1.AreaPoliciesProcessesProcedures), priority(v1alpha1.PriorityLow)),
				actionDue("c", past, area(v1alpha1.AreaRolesResponsibilitiesTraining), priority(v1alpha1.PriorityMedium), fixtures.Done(past)),
				actionDue("d", past, area(v1alpha1.AreaSecurityMonitoringReporting), priority(v1alpha1.PriorityLow), fixtures.Cancelled()),
				actionDue("e", future, area(v1alpha1.AreaInvestigationProcedures), priority(v1alpha1.PriorityCritical), fixtures.InProgress()),
				actionDue("f", past, area(v1alpha1.AreaContainmentRecovery), priority(v1alpha1.PriorityHigh), fixtures.InProgress()),
				actionDue("g", future, area(v1alpha1.AreaGovernanceCommunication), priority(v1alpha1.PriorityMedium), fixtures.Done(past)),
				actionDue("h", future, area(v1alpha1.AreaSystemInterdependence), priority(v1alpha1.PriorityMedium)),
				actionDue("i", past, area(v1alpha1.AreaMeasureReliability), priority(v1alpha1.PriorityCritical)),
				actionDue("j", past, area(v1alpha1.AreaSystemConfiguration), priority(v1alpha1.PriorityHigh), fixtures.Done(fyNow)),
			),
			want: v1alpha1.ActionFigures{Total: 10, Open: 6, Overdue: 3, Done: 3, Cancelled: 1,
				ByArea: v1alpha1.AreaTallies{
					PoliciesProcessesProcedures:   tally(2, 2, 1, 0),
					RolesResponsibilitiesTraining: tally(1, 0, 0, 1),
					SystemConfiguration:           tally(1, 0, 0, 1),
					SecurityMonitoringReporting:   tally(1, 0, 0, 0),
					InvestigationProcedures:       tally(1, 1, 0, 0),
					ContainmentRecovery:           tally(1, 1, 1, 0),
					GovernanceCommunication:       tally(1, 0, 0, 1),
					SystemInterdependence:         tally(1, 1, 0, 0),
					MeasureReliability:            tally(1, 1, 1, 0),
				},
				ByPriority: v1alpha1.PriorityTallies{
					Critical: tally(3, 3, 2, 0),
					High:     tally(2, 1, 1, 1),
					Medium:   tally(3, 1, 0, 2),
					Low:      tally(2, 1, 0, 0),
				}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incidentAt("inc", fyDay)
			got := computeFY(t, with(inc, nil, c.actions...)).Actions
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("actions\n got  %+v\n want %+v", got, c.want)
			}
		})
	}
}

func TestActionFiguresCoverEveryMemberInThePeriodOnly(t *testing.T) {
	past := fyNow.Add(-statuskit.Day)
	got := computeFY(t,
		with(incidentAt("a", fyDay), nil, actionDue("a1", past), actionDue("a2", past, fixtures.Done(past))),
		with(nearMissAt("b", fyDay), nil, actionDue("b1", past, fixtures.Cancelled())),
		with(incidentAt("c", fyFrom.Add(-time.Nanosecond)), nil, actionDue("c1", past)),
		with(incidentAt("d", fyTo), nil, actionDue("d1", past)),
	).Actions
	if got.Total != 3 || got.Open != 1 || got.Overdue != 1 || got.Done != 1 || got.Cancelled != 1 {
		t.Errorf("actions %+v, want the three of the period's incident and near miss", got)
	}
}

func TestActionsOutsideTheKnownAreasAndPriorities(t *testing.T) {
	// The schema refuses these; should one get through, it is counted in
	// the totals and in no group.
	odd := actionDue("odd", fyNow.Add(-statuskit.Day), area("Backups"), priority("Urgent"))
	got := computeFY(t, with(incidentAt("inc", fyDay), nil, odd, actionDue("a", fyNow.Add(statuskit.Day)))).Actions
	want := v1alpha1.ActionFigures{Total: 2, Open: 2, Overdue: 1,
		ByArea:     v1alpha1.AreaTallies{SystemConfiguration: v1alpha1.ActionTally{Total: 1, Open: 1}},
		ByPriority: v1alpha1.PriorityTallies{High: v1alpha1.ActionTally{Total: 1, Open: 1}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("actions\n got  %+v\n want %+v", got, want)
	}
}

func TestCauses(t *testing.T) {
	tech, non := v1alpha1.CauseTechnical, v1alpha1.CauseNonTechnical
	a, b, nm := incidentAt("a", fyDay), incidentAt("b", fyDay), nearMissAt("nm", fyDay)
	for _, c := range []struct {
		name    string
		members []review.Case
		want    v1alpha1.CauseCounts
	}{
		{"no RCA", []review.Case{with(a, nil)}, v1alpha1.CauseCounts{}},
		{"an RCA without causes", []review.Case{with(a, rcaOf(a, causes()))}, v1alpha1.CauseCounts{}},
		{"one RCA, both types", []review.Case{with(a, rcaOf(a, causes(tech, tech, non)))}, v1alpha1.CauseCounts{Technical: 2, NonTechnical: 1}},
		{"several RCAs, drafts and near misses included", []review.Case{
			with(a, rcaOf(a, causes(non))),
			with(b, rcaOf(b, approvedAfter(b, statuskit.Day), causes(tech, non))),
			with(nm, rcaOf(nm, causes(non, non))),
		}, v1alpha1.CauseCounts{Technical: 1, NonTechnical: 4}},
		{"RCAs outside the period are not counted", []review.Case{
			with(a, rcaOf(a, causes(tech))),
			with(incidentAt("old", fyFrom.Add(-time.Hour)), rcaOf(a, causes(non))),
		}, v1alpha1.CauseCounts{Technical: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := computeFY(t, c.members...).Causes; got != c.want {
				t.Errorf("causes %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestRecurrence(t *testing.T) {
	tech, non := v1alpha1.CauseTechnical, v1alpha1.CauseNonTechnical
	due := fyNow.Add(statuskit.Day)
	in := func(a v1alpha1.ImprovementArea, opts ...fixtures.Option[v1alpha1.ImprovementAction]) *v1alpha1.ImprovementAction {
		return actionDue(string(a), due, append(opts, area(a))...)
	}
	// m is an incident (or near miss) with the given RCA causes and actions.
	n := 0
	m := func(near bool, cs []v1alpha1.CauseType, actions ...*v1alpha1.ImprovementAction) review.Case {
		n++
		inc := incidentAt(fmt.Sprintf("inc-%d", n), fyDay)
		if near {
			inc = nearMissAt(fmt.Sprintf("nm-%d", n), fyDay)
		}
		var rca *v1alpha1.RootCauseAnalysis
		if cs != nil {
			rca = rcaOf(inc, causes(cs...))
		}
		return with(inc, rca, actions...)
	}
	sysConf, gov, pol, train := v1alpha1.AreaSystemConfiguration, v1alpha1.AreaGovernanceCommunication, v1alpha1.AreaPoliciesProcessesProcedures, v1alpha1.AreaRolesResponsibilitiesTraining
	rec := func(name string, n int32) v1alpha1.Recurring { return v1alpha1.Recurring{Name: name, Incidents: n} }
	for _, c := range []struct {
		name    string
		members func() []review.Case
		want    v1alpha1.Recurrence
	}{
		{"nothing", func() []review.Case { return nil }, v1alpha1.Recurrence{}},
		{"one incident, however many actions and causes, recurs nothing", func() []review.Case {
			return []review.Case{m(false, []v1alpha1.CauseType{tech, tech, non}, in(sysConf), in(sysConf), in(gov))}
		}, v1alpha1.Recurrence{}},
		{"an area in two incidents", func() []review.Case {
			return []review.Case{m(false, nil, in(sysConf), in(sysConf)), m(false, nil, in(sysConf), in(gov))}
		}, v1alpha1.Recurrence{Areas: []v1alpha1.Recurring{rec("SystemConfiguration", 2)}}},
		{"a near miss counts as an incident, and cancelled or done actions count", func() []review.Case {
			return []review.Case{m(false, nil, in(gov, fixtures.Cancelled())), m(true, nil, in(gov, fixtures.Done(fyNow)))}
		}, v1alpha1.Recurrence{Areas: []v1alpha1.Recurring{rec("GovernanceCommunication", 2)}}},
		{"most incidents first, then by name", func() []review.Case {
			return []review.Case{
				m(false, nil, in(train), in(pol), in(sysConf)),
				m(false, nil, in(train), in(pol), in(sysConf)),
				m(false, nil, in(sysConf), in(gov)),
				m(false, nil, in(gov)),
			}
		}, v1alpha1.Recurrence{Areas: []v1alpha1.Recurring{
			rec("SystemConfiguration", 3), rec("GovernanceCommunication", 2), rec("PoliciesProcessesProcedures", 2), rec("RolesResponsibilitiesTraining", 2),
		}}},
		{"a cause type in two incidents' RCAs", func() []review.Case {
			return []review.Case{m(false, []v1alpha1.CauseType{tech, tech}), m(true, []v1alpha1.CauseType{tech, non}), m(false, nil)}
		}, v1alpha1.Recurrence{CauseTypes: []v1alpha1.Recurring{rec("Technical", 2)}}},
		{"cause types tied: by name", func() []review.Case {
			return []review.Case{m(false, []v1alpha1.CauseType{tech, non}), m(false, []v1alpha1.CauseType{non, tech})}
		}, v1alpha1.Recurrence{CauseTypes: []v1alpha1.Recurring{rec("NonTechnical", 2), rec("Technical", 2)}}},
		{"cause types: most incidents first", func() []review.Case {
			return []review.Case{m(false, []v1alpha1.CauseType{tech, non}), m(false, []v1alpha1.CauseType{non}), m(false, []v1alpha1.CauseType{non, tech}), m(false, []v1alpha1.CauseType{non})}
		}, v1alpha1.Recurrence{CauseTypes: []v1alpha1.Recurring{rec("NonTechnical", 4), rec("Technical", 2)}}},
		{"incidents outside the period do not make anything recur", func() []review.Case {
			old := incidentAt("old", fyFrom.Add(-time.Hour))
			return []review.Case{m(false, []v1alpha1.CauseType{tech}, in(sysConf)), with(old, rcaOf(old, causes(tech)), in(sysConf))}
		}, v1alpha1.Recurrence{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := computeFY(t, c.members()...).Recurrence; !reflect.DeepEqual(got, c.want) {
				t.Errorf("recurrence\n got  %+v\n want %+v", got, c.want)
			}
		})
	}
}

func acts(as ...*v1alpha1.ImprovementAction) []*v1alpha1.ImprovementAction { return as }
