package e2e

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// editor is a user who edits the same reviews as everyone else, each user
// owning some spec fields (and a label), so that every user's last write
// must survive the others' and the controller's.
type editor struct {
	name string
	// edit changes the user's fields of an action for the user's n-th edit.
	edit func(a *v1alpha1.ImprovementAction, n int)
	// check expects the user's fields of an action to hold the n-th edit.
	check func(g Gomega, a *v1alpha1.ImprovementAction, n int)
	// editIncident and checkIncident do the same for the incident; a user
	// without them only labels it.
	editIncident  func(i *v1alpha1.Incident, n int)
	checkIncident func(g Gomega, i *v1alpha1.Incident, n int)
}

var (
	actionStates = []v1alpha1.ActionState{v1alpha1.ActionStateInProgress, v1alpha1.ActionStateDone, v1alpha1.ActionStateOpen, v1alpha1.ActionStateCancelled}
	priorities   = []v1alpha1.Priority{v1alpha1.PriorityCritical, v1alpha1.PriorityLow, v1alpha1.PriorityMedium, v1alpha1.PriorityHigh}
)

func editors(completedAt time.Time) []editor {
	return []editor{{
		name: "describer",
		edit: func(a *v1alpha1.ImprovementAction, n int) {
			a.Spec.Description = fmt.Sprintf("Scope agreed at review %d", n)
		},
		check: func(g Gomega, a *v1alpha1.ImprovementAction, n int) {
			g.Expect(a.Spec.Description).To(Equal(fmt.Sprintf("Scope agreed at review %d", n)), a.Name)
		},
		editIncident: func(i *v1alpha1.Incident, n int) { i.Spec.Summary = fmt.Sprintf("Summary as of review %d", n) },
		checkIncident: func(g Gomega, i *v1alpha1.Incident, n int) {
			g.Expect(i.Spec.Summary).To(Equal(fmt.Sprintf("Summary as of review %d", n)))
		},
	}, {
		// Moves the action through its states; Done and Cancelled need
		// their fields, which this user owns too.
		name: "owner-of-state",
		edit: func(a *v1alpha1.ImprovementAction, n int) {
			fixtures.Done(completedAt)(a)
			fixtures.Cancelled()(a)
			a.Spec.State = actionStates[n%len(actionStates)]
		},
		check: func(g Gomega, a *v1alpha1.ImprovementAction, n int) {
			g.Expect(a.Spec.State).To(Equal(actionStates[n%len(actionStates)]), a.Name)
		},
	}, {
		name: "prioritiser",
		// A priority is a fact on record: each change carries its
		// correction, as a real reprioritisation must.
		edit: func(a *v1alpha1.ImprovementAction, n int) {
			if to := priorities[n%len(priorities)]; a.Spec.Priority != to {
				fixtures.ActionCorrected(v1alpha1.FactPriority, string(a.Spec.Priority), string(to), func(a *v1alpha1.ImprovementAction) { a.Spec.Priority = to })(a)
			}
		},
		check: func(g Gomega, a *v1alpha1.ImprovementAction, n int) {
			g.Expect(a.Spec.Priority).To(Equal(priorities[n%len(priorities)]), a.Name)
		},
	}, {
		name: "reassigner",
		edit: func(a *v1alpha1.ImprovementAction, n int) {
			a.Spec.Owner = v1alpha1.Person(fmt.Sprintf("team:estates-%d", n))
		},
		check: func(g Gomega, a *v1alpha1.ImprovementAction, n int) {
			g.Expect(a.Spec.Owner).To(BeEquivalentTo(fmt.Sprintf("team:estates-%d", n)), a.Name)
		},
	}, {
		name: "annotator",
		edit: func(a *v1alpha1.ImprovementAction, n int) {
			metav1.SetMetaDataAnnotation(&a.ObjectMeta, "lessons.example/review-note", fmt.Sprintf("note %d", n))
		},
		check: func(g Gomega, a *v1alpha1.ImprovementAction, n int) {
			g.Expect(a.Annotations).To(HaveKeyWithValue("lessons.example/review-note", fmt.Sprintf("note %d", n)), a.Name)
		},
	}}
}

// editLabel is the label through which a user marks its n-th edit of any
// object.
func editLabel(user string) string { return "lessons.example/edit-by-" + user }

// updateRetryingOnConflict reads obj, changes it, takes a moment to think
// and writes it back, until the write is not refused for a conflict; it
// returns how many were.
func updateRetryingOnConflict(c client.Client, obj client.Object, change func(), think func()) (conflicts int, err error) {
	for {
		if err := c.Get(ctx, client.ObjectKeyFromObject(obj), obj); err != nil {
			return conflicts, err
		}
		change()
		think()
		err := c.Update(ctx, obj)
		if !apierrors.IsConflict(err) {
			return conflicts, err
		}
		conflicts++
	}
}

var _ = Describe("Concurrent edits", Ordered, func() {
	It("never lose a user's change nor the status the controller writes while deadlines pass", func() {
		ns := newNamespace("concurrent-edits")
		inc := fixtures.Incident("ward-printer-left-unlocked", fixtures.DetectedAt(time.Now(), 0))
		testenv.Create(k8s, ns, inc)
		// The actions fall due one after another while the users edit them,
		// so the controller writes status on its own as well as after
		// every edit.
		start := time.Now()
		var actions []*v1alpha1.ImprovementAction
		for i := range 6 {
			due := start.Add(time.Duration(1+i%3) * time.Second).Truncate(time.Second)
			a := fixtures.Action(fmt.Sprintf("secure-print-release-%02d", i), inc.Name, due)
			testenv.Create(k8s, ns, a)
			actions = append(actions, a)
		}
		// After every due date, and come by the time the edits are checked:
		// a completion still to come would not be believed.
		completedAt := start.Add(4 * time.Second).Truncate(time.Second)

		By("letting five users edit the incident and its actions, 20 times each, retrying on conflict")
		users, err := client.New(env.Config, client.Options{Scheme: k8s.Scheme()})
		Expect(err).NotTo(HaveOccurred())
		eds := editors(completedAt)
		// last[u][object] is the user's last edit number of an object
		// (-1: never edited); the incident is object len(actions).
		last := make([][]int, len(eds))
		// undone[u] lists the user's writes found undone when the user came
		// back to the object: every write is checked, not only the last.
		undone := make([][]string, len(eds))
		var conflicts atomic.Int64
		var wg sync.WaitGroup
		rounds := time.Now()
		for u, ed := range eds {
			last[u] = make([]int, len(actions)+1)
			for i := range last[u] {
				last[u][i] = -1
			}
			wg.Go(func() {
				defer GinkgoRecover()
				rnd := rand.New(rand.NewPCG(uint64(u), uint64(start.UnixNano())))
				for n := range 20 {
					// Each round, every user edits the same object at
					// about the same time, so that their writes and the
					// controller's status writes after each pile up.
					time.Sleep(time.Until(rounds.Add(time.Duration(n)*120*time.Millisecond)) + time.Duration(rnd.IntN(10))*time.Millisecond)
					target := n % (len(actions) + 1)
					var obj client.Object
					var edit func()
					if target == len(actions) {
						i := &v1alpha1.Incident{}
						i.Name, i.Namespace = inc.Name, ns
						obj, edit = i, func() {
							if ed.editIncident != nil {
								ed.editIncident(i, n)
							}
						}
					} else {
						a := &v1alpha1.ImprovementAction{}
						a.Name, a.Namespace = actions[target].Name, ns
						obj, edit = a, func() { ed.edit(a, n) }
					}
					change := func() {
						if prev := last[u][target]; prev >= 0 && obj.GetLabels()[editLabel(ed.name)] != strconv.Itoa(prev) {
							undone[u] = append(undone[u], fmt.Sprintf("%s's edit %d of %s (found %q)", ed.name, prev, obj.GetName(), obj.GetLabels()[editLabel(ed.name)]))
						}
						edit()
						labels := obj.GetLabels()
						if labels == nil {
							labels = map[string]string{}
						}
						labels[editLabel(ed.name)] = strconv.Itoa(n)
						obj.SetLabels(labels)
					}
					c, err := updateRetryingOnConflict(users, obj, change, func() { time.Sleep(time.Duration(rnd.IntN(10)) * time.Millisecond) })
					Expect(err).NotTo(HaveOccurred(), "%s editing %s", ed.name, obj.GetName())
					conflicts.Add(int64(c))
					last[u][target] = n
				}
			})
		}
		wg.Wait()
		Expect(slices.Concat(undone...)).To(BeEmpty(), "writes undone")
		GinkgoWriter.Printf("the users' 100 edits over %s met %d conflicts\n", time.Since(start).Round(time.Millisecond), conflicts.Load())
		Expect(conflicts.Load()).To(BeNumerically(">", 0), "the users' writes raced the controller's and each other's")
		logs, err := manager.Logs()
		Expect(err).NotTo(HaveOccurred())
		stale := 0
		for _, line := range strings.Split(logs, "\n") {
			if strings.Contains(line, `"status is stale; waiting for the newer version"`) && strings.Contains(line, `"namespace":"`+ns+`"`) {
				stale++
			}
		}
		GinkgoWriter.Printf("the controller found the status it computed stale %d times\n", stale)

		By("keeping every user's last write, and a status that matches the final spec")
		Eventually(func(g Gomega) {
			events := testenv.ListEvents(g, k8s, ns)
			var done, overdue int32
			for i, a := range actions {
				a = testenv.Fresh(k8s, a)
				for u, ed := range eds {
					if n := last[u][i]; n >= 0 {
						g.Expect(a.Labels).To(HaveKeyWithValue(editLabel(ed.name), strconv.Itoa(n)), a.Name)
						ed.check(g, a, n)
					}
				}
				st := a.Status
				g.Expect(st.ObservedGeneration).To(Equal(a.Generation), a.Name)
				ready := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionReady))
				g.Expect(ready).NotTo(BeNil(), a.Name)
				g.Expect(ready.Status).To(Equal(metav1.ConditionTrue), a.Name)
				g.Expect(ready.ObservedGeneration).To(Equal(a.Generation), a.Name)
				late := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionOverdue))
				g.Expect(late).NotTo(BeNil(), a.Name)
				g.Expect(late.ObservedGeneration).To(Equal(a.Generation), a.Name)
				announced := testenv.Occurrences(events, v1alpha1.EventActionOverdue, "ImprovementAction", a.Name, "")
				if announced > 1 {
					StopTrying(fmt.Sprintf("ActionOverdue raised %d times on %s", announced, a.Name)).Now()
				}
				g.Expect(testenv.Occurrences(events, v1alpha1.EventActionOverdue, "Incident", inc.Name, a.Name)).To(Equal(announced), a.Name)
				switch a.Spec.State {
				case v1alpha1.ActionStateDone:
					done++
					g.Expect(st.Phase).To(Equal(v1alpha1.ActionDone), a.Name)
					g.Expect(st.CompletedLate).To(BeTrue(), a.Name)
					g.Expect(late.Status).To(Equal(metav1.ConditionFalse), a.Name)
					g.Expect(announced).To(BeNumerically("<=", 1), a.Name)
				case v1alpha1.ActionStateCancelled:
					done++ // actions.done counts Done and Cancelled alike
					g.Expect(st.Phase).To(Equal(v1alpha1.ActionCancelled), a.Name)
					g.Expect(late.Status).To(Equal(metav1.ConditionFalse), a.Name)
					g.Expect(announced).To(BeNumerically("<=", 1), a.Name)
				default:
					overdue++
					g.Expect(st.Phase).To(Equal(v1alpha1.ActionOverdue), a.Name)
					g.Expect(late.Status).To(Equal(metav1.ConditionTrue), a.Name)
					g.Expect(announced).To(Equal(1), "ActionOverdue on %s, raised once however often its state changed", a.Name)
				}
			}
			i := testenv.Fresh(k8s, inc)
			for u, ed := range eds {
				if n := last[u][len(actions)]; n >= 0 {
					g.Expect(i.Labels).To(HaveKeyWithValue(editLabel(ed.name), strconv.Itoa(n)), i.Name)
					if ed.checkIncident != nil {
						ed.checkIncident(g, i, n)
					}
				}
			}
			g.Expect(i.Status.ObservedGeneration).To(Equal(i.Generation))
			ready := meta.FindStatusCondition(i.Status.Conditions, string(v1alpha1.ConditionReady))
			g.Expect(ready).NotTo(BeNil())
			g.Expect(ready.ObservedGeneration).To(Equal(i.Generation))
			g.Expect(i.Status.Actions.Total).To(BeEquivalentTo(len(actions)))
			g.Expect(i.Status.Actions.Done).To(Equal(done))
			g.Expect(i.Status.Actions.Overdue).To(Equal(overdue))
		}).Should(Succeed())

		By("announcing no overdue action twice")
		Consistently(func(g Gomega) {
			events := testenv.ListEvents(g, k8s, ns)
			for _, a := range actions {
				g.Expect(testenv.Occurrences(events, v1alpha1.EventActionOverdue, "ImprovementAction", a.Name, "")).To(BeNumerically("<=", 1), a.Name)
				g.Expect(testenv.Occurrences(events, v1alpha1.EventActionOverdue, "Incident", inc.Name, a.Name)).To(BeNumerically("<=", 1), a.Name)
			}
		}, 2*time.Second, 250*time.Millisecond).Should(Succeed())
	})
})
