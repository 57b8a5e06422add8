package docs

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Every shell block of README.md and docs/*.md runs, in the order a reader
// meets them, and exits 0; a block that cannot run here says why, in a
// marker the reader sees in the Markdown source.
var _ = Describe("The shell blocks of the docs", Ordered, ContinueOnFailure, func() {
	files, err := Files(testenv.RepoRoot())
	if err != nil {
		It("are found", func() { Expect(err).NotTo(HaveOccurred()) })
		return
	}
	for _, file := range files {
		blocks, err := Extract(testenv.RepoRoot(), file)
		if err != nil {
			It("are read from "+file, func() { Expect(err).NotTo(HaveOccurred()) })
			continue
		}
		for _, b := range blocks {
			It(fmt.Sprintf("%s runs", b), func() {
				if b.Skip != "" {
					Skip(b.Skip)
				}
				out, err := shell(b.Script)
				GinkgoWriter.Printf("%s$ %s%s\n", b, b.Script, out)
				if err != nil {
					Fail(fmt.Sprintf("%s: %v\n%s\noutput:\n%s", b, err, b.Script, out))
				}
			})
		}
	}
})
