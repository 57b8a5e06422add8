package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The API server's audit log times the requests of each timed deadline on
// their own: when the API server received the action's status write and
// when it answered, and the same for the action's event. With the due date
// and the moment the watch saw the event, that splits each deadline's
// delay into its parts, so the slowest deadlines show where their time
// went. Only the deadlines' namespace is logged.
var auditPolicy = fmt.Sprintf(`apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived", "ResponseStarted"]
rules:
- level: Request
  namespaces: [%[1]q]
  verbs: ["create"]
  resources: [{group: "events.k8s.io", resources: ["events"]}]
- level: Metadata
  namespaces: [%[1]q]
  verbs: ["update"]
  resources: [{group: %[2]q, resources: ["improvementactions/status"]}]
- level: None
`, deadlineNamespace, v1alpha1.GroupVersion.Group)

// auditing has the API server log the timed deadlines' requests into dir.
func auditing(dir string) ([]testenv.Option, string, error) {
	policy, log := filepath.Join(dir, "audit-policy.yaml"), filepath.Join(dir, "audit.log")
	if err := os.WriteFile(policy, []byte(auditPolicy), 0o600); err != nil {
		return nil, "", err
	}
	return []testenv.Option{testenv.APIServerFlag("audit-policy-file", policy), testenv.APIServerFlag("audit-log-path", log)}, log, nil
}

// auditEvent is what the split reads of an audit.k8s.io/v1 Event.
type auditEvent struct {
	Stage     string `json:"stage"`
	Verb      string `json:"verb"`
	ObjectRef struct {
		Resource    string `json:"resource"`
		Subresource string `json:"subresource"`
		Name        string `json:"name"`
	} `json:"objectRef"`
	ResponseStatus struct {
		Code int `json:"code"`
	} `json:"responseStatus"`
	Received time.Time `json:"requestReceivedTimestamp"`
	Answered time.Time `json:"stageTimestamp"`
	// RequestObject is the event created, for its reason and its object.
	RequestObject struct {
		Reason    string `json:"reason"`
		Regarding struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"regarding"`
	} `json:"requestObject"`
}

// request is one request's span at the API server.
type request struct{ received, answered time.Time }

// deadlineRequests are an action's requests once its deadline passed: the
// status write that recorded it overdue, and its ActionOverdue event.
type deadlineRequests struct{ statusWrite, event request }

// readDeadlineRequests reads, for each action due, its first successful
// status write after its due date and the creation of its ActionOverdue
// event from the audit log.
func readDeadlineRequests(log string, due map[string]time.Time) (map[string]deadlineRequests, error) {
	f, err := os.Open(log)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	found := map[string]deadlineRequests{}
	lines := bufio.NewScanner(f)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		var e auditEvent
		if err := json.Unmarshal(lines.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("reading the audit log: %w", err)
		}
		if e.Stage != "ResponseComplete" || e.ResponseStatus.Code/100 != 2 {
			continue
		}
		span := request{received: e.Received, answered: e.Answered}
		switch {
		case e.Verb == "update" && e.ObjectRef.Subresource == "status":
			name := e.ObjectRef.Name
			if d, ok := due[name]; ok && !span.received.Before(d) && found[name].statusWrite.received.IsZero() {
				r := found[name]
				r.statusWrite = span
				found[name] = r
			}
		case e.Verb == "create" && e.RequestObject.Reason == string(v1alpha1.EventActionOverdue) && e.RequestObject.Regarding.Kind == "ImprovementAction":
			name := e.RequestObject.Regarding.Name
			if _, ok := due[name]; ok {
				r := found[name]
				r.event = span
				found[name] = r
			}
		}
	}
	return found, lines.Err()
}

// deadlineParts are the parts of deadlines' delays, each sorted.
type deadlineParts struct {
	beforeWrite  []time.Duration // from the due date until the API server received the status write
	statusWrite  []time.Duration // the API server handling the status write
	betweenWrite []time.Duration // from its answer until the API server received the event
	eventCreate  []time.Duration // the API server handling the event's creation
	delivery     []time.Duration // from its answer until the watch saw the event
	// slowest is the mean of each part over the deadlines at or above
	// the 99th percentile of the whole delay, in the order above.
	slowest [5]time.Duration
	timed   int
}

// splitDeadlines splits each deadline's delay, from its due date to seen,
// with its requests.
func splitDeadlines(due, seen map[string]time.Time, requests map[string]deadlineRequests) deadlineParts {
	type split struct {
		total time.Duration
		parts [5]time.Duration
	}
	var splits []split
	for name, s := range seen {
		r, ok := requests[name]
		if !ok || r.statusWrite.received.IsZero() || r.event.received.IsZero() {
			continue
		}
		splits = append(splits, split{total: s.Sub(due[name]), parts: [5]time.Duration{
			r.statusWrite.received.Sub(due[name]),
			r.statusWrite.answered.Sub(r.statusWrite.received),
			r.event.received.Sub(r.statusWrite.answered),
			r.event.answered.Sub(r.event.received),
			s.Sub(r.event.answered),
		}})
	}
	var p deadlineParts
	p.timed = len(splits)
	if len(splits) == 0 {
		return p
	}
	all := [5]*[]time.Duration{&p.beforeWrite, &p.statusWrite, &p.betweenWrite, &p.eventCreate, &p.delivery}
	for _, s := range splits {
		for i, d := range s.parts {
			*all[i] = append(*all[i], d)
		}
	}
	for _, ds := range all {
		slices.Sort(*ds)
	}
	slices.SortFunc(splits, func(a, b split) int { return cmp.Compare(a.total, b.total) })
	tail := splits[int(float64(len(splits)-1)*0.99):]
	for _, s := range tail {
		for i, d := range s.parts {
			p.slowest[i] += d / time.Duration(len(tail))
		}
	}
	return p
}

// String shows each part as p50 / p99, then the slowest deadlines' means.
func (p deadlineParts) String() string {
	return fmt.Sprintf("%d deadlines: %s; %s; %s; %s; %s. The slowest 1%%, mean: %s; %s; %s; %s; %s",
		p.timed, medianAndP99(p.beforeWrite), medianAndP99(p.statusWrite), medianAndP99(p.betweenWrite), medianAndP99(p.eventCreate), medianAndP99(p.delivery),
		ms(p.slowest[0]), ms(p.slowest[1]), ms(p.slowest[2]), ms(p.slowest[3]), ms(p.slowest[4]))
}

func medianAndP99(sorted []time.Duration) string {
	return fmt.Sprintf("%s / %s", ms(percentile(sorted, 0.5)), ms(percentile(sorted, 0.99)))
}

func ms(d time.Duration) string { return d.Round(time.Millisecond).String() }
