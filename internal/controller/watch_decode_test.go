package controller_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var _ = Describe("The manager's cache", func() {
	It("reads the reviews the API server sends it the quick way", func() {
		// The manager of this suite runs over the quicker watches, so
		// every other test shows that what they read is what the
		// controllers need; this one shows the quick way is taken.
		before, _ := watches.Decoded()
		ns := newNamespace()
		inc := detectedNow("lost-laptop")
		testenv.Create(k8s, ns, inc)
		action := fixtures.Action("encrypt-laptops", inc.Name, clock.Now().Add(30*24*time.Hour).Truncate(time.Second))
		testenv.Create(k8s, ns, action)
		Eventually(func() v1alpha1.ActionPhase { return testenv.Fresh(k8s, action).Status.Phase }).Should(Equal(v1alpha1.ActionOpen))
		// Each was sent when created and again with its status.
		Eventually(func() int64 {
			quick, _ := watches.Decoded()
			return quick - before
		}).Should(BeNumerically(">=", 4))
	})
})
