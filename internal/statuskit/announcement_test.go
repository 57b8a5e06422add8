package statuskit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestRemember(t *testing.T) {
	now := fixtures.T0.Add(1500 * time.Millisecond)
	overdue := Announcement{Reason: v1alpha1.EventActionOverdue, Message: "late", AlsoOnIncident: true}
	dueSoon := Announcement{Reason: v1alpha1.EventActionDueSoon, Message: "soon"}

	if got := Remember(nil, nil, "phishing", now); got != nil {
		t.Errorf("nothing made, nothing recorded: %v", got)
	}
	record := Remember(nil, []Announcement{dueSoon, overdue}, "phishing", now)
	if len(record) != 2 || record[0].Reason != v1alpha1.EventActionDueSoon || record[1].Reason != v1alpha1.EventActionOverdue {
		t.Fatalf("record = %+v, want due soon then overdue", record)
	}
	if record[0].Incident != "" || record[1].Incident != "phishing" {
		t.Errorf("only what is also made on the incident names it: %+v", record)
	}
	if !record[1].At.Time.Equal(fixtures.T0.Add(time.Second)) {
		t.Errorf("at = %s, want now stored to the second", record[1].At)
	}

	before := append([]v1alpha1.Announcement(nil), record...)
	var many []Announcement
	for i := range AnnouncementsKept + 3 {
		many = append(many, Announcement{Reason: v1alpha1.EventActionOverdue, Message: fmt.Sprint(i)})
	}
	grown := Remember(record, many, "phishing", now.Add(time.Hour))
	if len(grown) != AnnouncementsKept || grown[len(grown)-1].Message != fmt.Sprint(AnnouncementsKept+2) || grown[0].Message != "3" {
		t.Errorf("want the newest %d kept, got %+v", AnnouncementsKept, grown)
	}
	for i := range before {
		if record[i] != before[i] {
			t.Error("the previous record was changed in place")
		}
	}

	long := Remember(nil, []Announcement{{Reason: v1alpha1.EventRCAChangesRequested, Message: strings.Repeat("é", 4096)}}, "", now)
	if n := len(long[0].Message); n > MessageLimit {
		t.Errorf("a long message is recorded at %d bytes, over the limit %d the API server enforces", n, MessageLimit)
	}
}
