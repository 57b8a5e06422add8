package report_test

import (
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// The financial year's report is due 30 days after the year ends.
var signOffDue = fyTo.Add(30 * statuskit.Day)

func financialYear(opts ...func(*v1alpha1.LessonsReport)) *v1alpha1.LessonsReport {
	r := &v1alpha1.LessonsReport{
		ObjectMeta: metav1.ObjectMeta{Name: "fy-2026-27", Generation: 1},
		Spec: v1alpha1.LessonsReportSpec{
			Period: v1alpha1.ReportPeriod{From: metav1.NewTime(fyFrom), To: &metav1.Time{Time: fyTo}},
			SIRO:   "siro@example.nhs.uk",
		},
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

func openEnded(r *v1alpha1.LessonsReport) { r.Spec.Period.To = nil }

func changesRequested(r *v1alpha1.LessonsReport) {
	r.Spec.SignOff = &v1alpha1.SignOff{Decision: v1alpha1.SignOffChangesRequested, By: "siro@example.nhs.uk", At: metav1.NewTime(fyTo), Comment: "Add the exercises."}
}

func TestSignOffDeadline(t *testing.T) {
	for _, c := range []struct {
		name      string
		report    *v1alpha1.LessonsReport
		now       time.Time
		due       *time.Time
		overdue   string
		announced bool
		requeue   time.Time // zero: not for the deadline
	}{
		{"open-ended: no deadline", financialYear(openEnded), signOffDue.Add(time.Hour), nil, "False/OnTrack", false, time.Time{}},
		{"during the period", financialYear(), fyNow, &signOffDue, "False/OnTrack", false, time.Time{}},
		{"after the period, within the window", financialYear(), fyTo.Add(statuskit.Day), &signOffDue, "False/OnTrack", false, signOffDue},
		{"at the deadline, unsigned", financialYear(), signOffDue, &signOffDue, "True/SignOffOverdue", true, time.Time{}},
		{"past the deadline, changes requested", financialYear(changesRequested), signOffDue.Add(time.Hour), &signOffDue, "True/SignOffOverdue", true, time.Time{}},
		{"signed off in time", financialYear(approvedAt(fyTo.Add(statuskit.Day))), signOffDue.Add(time.Hour), &signOffDue, "False/Finished", false, time.Time{}},
		{"signed off late is finished", financialYear(approvedAt(signOffDue.Add(statuskit.Day))), signOffDue.Add(2 * statuskit.Day), &signOffDue, "False/Finished", false, time.Time{}},
		{"signed off before the period ended", financialYear(approvedAt(fyNow)), fyNow.Add(time.Hour), &signOffDue, "False/Finished", false, time.Time{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := computeReport(policy, c.report, nil, nil, c.now)
			st := res.Status
			if (st.SignOffDueAt == nil) != (c.due == nil) || c.due != nil && !st.SignOffDueAt.Time.Equal(*c.due) {
				t.Errorf("signOffDueAt %v, want %v", st.SignOffDueAt, c.due)
			}
			if got := cond(st, v1alpha1.ConditionOverdue); got != c.overdue {
				t.Errorf("Overdue %s, want %s", got, c.overdue)
			}
			announced := 0
			for _, a := range res.Announcements {
				if a.Reason == v1alpha1.EventReportSignOffOverdue {
					announced++
				}
			}
			if want := map[bool]int{true: 1}[c.announced]; announced != want {
				t.Errorf("%d ReportSignOffOverdue announcements, want %d: %+v", announced, want, res.Announcements)
			}
			if !c.requeue.IsZero() && c.now.Add(res.RequeueAfter) != c.requeue {
				t.Errorf("requeued for %s, want the deadline %s", c.now.Add(res.RequeueAfter), c.requeue)
			}
		})
	}
}

// The deadline is announced once, however often the report is computed,
// and again only if a sign-off given since lapses.
func TestSignOffOverdueIsAnnouncedOnce(t *testing.T) {
	r := financialYear()
	inc := incidentAt("phish", fyDay)
	members := []review.Case{with(inc, nil)}
	count := func(res report.Result) int {
		n := 0
		for _, a := range res.Announcements {
			if a.Reason == v1alpha1.EventReportSignOffOverdue {
				n++
			}
		}
		return n
	}
	if n := count(settle(r, members, signOffDue.Add(-time.Second))); n != 0 {
		t.Fatalf("announced %d before the deadline", n)
	}
	first := settle(r, members, signOffDue)
	if count(first) != 1 {
		t.Fatalf("the deadline was announced %d times, want once", count(first))
	}
	c := meta.FindStatusCondition(r.Status.Conditions, string(v1alpha1.ConditionOverdue))
	for _, want := range []string{"2027-04-01T00:00:00Z", "2027-05-01T00:00:00Z", "30d", "siro@example.nhs.uk"} {
		if c == nil || !strings.Contains(c.Message, want) {
			t.Errorf("Overdue message %v does not say %q", c, want)
		}
	}
	for _, at := range []time.Time{signOffDue.Add(time.Minute), signOffDue.Add(statuskit.Day)} {
		if n := count(settle(r, members, at)); n != 0 {
			t.Errorf("announced again at %s", at)
		}
	}
	// Signed off late: finished. Then the figures change: overdue again.
	approvedAt(signOffDue.Add(2 * statuskit.Day))(r)
	settle(r, members, signOffDue.Add(2*statuskit.Day))
	if got := cond(r.Status, v1alpha1.ConditionOverdue); got != "False/Finished" {
		t.Fatalf("after sign-off Overdue is %s", got)
	}
	inc.Spec.Severity = v1alpha1.SeverityCritical
	if n := count(settle(r, members, signOffDue.Add(3*statuskit.Day))); n != 1 || cond(r.Status, v1alpha1.ConditionOverdue) != "True/SignOffOverdue" {
		t.Errorf("a lapsed sign-off past the deadline: %d announcements, Overdue %s", n, cond(r.Status, v1alpha1.ConditionOverdue))
	}
}
