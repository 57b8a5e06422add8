package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("At rest", func() {
	It("writes nothing once every status has converged", func() {
		ns := newNamespace()
		inc := detectedNow("quiet")
		rca := fixtures.RCA("quiet-rca", inc.Name, fixtures.Submitted())
		action := fixtures.Action("quiet-action", inc.Name, clock.Now().Add(60*24*time.Hour), fixtures.InProgress())
		for _, o := range []client.Object{inc, rca, action} {
			testenv.Create(k8s, ns, o)
		}
		Eventually(func(g Gomega) {
			g.Expect(testenv.Fresh(k8s, inc).Status.Phase).To(Equal(v1alpha1.IncidentAwaitingSignOff))
			g.Expect(testenv.Fresh(k8s, rca).Status.Phase).To(Equal(v1alpha1.RCAAwaitingSignOff))
			g.Expect(testenv.Fresh(k8s, action).Status.Phase).To(Equal(v1alpha1.ActionInProgress))
			g.Expect(inc.Status.Actions.Total).To(Equal(int32(1)))
		}).Should(Succeed())

		versions := func() []string {
			return []string{testenv.Fresh(k8s, inc).ResourceVersion, testenv.Fresh(k8s, rca).ResourceVersion, testenv.Fresh(k8s, action).ResourceVersion}
		}
		// Let the last writes' own watch events come back, then nothing may change.
		time.Sleep(time.Second)
		before := versions()
		Consistently(versions, "3s", "250ms").Should(Equal(before))

		By("not writing when time passes without crossing a deadline")
		step(time.Hour)
		Consistently(versions, "2s", "250ms").Should(Equal(before))
	})
})
