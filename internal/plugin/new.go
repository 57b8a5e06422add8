package plugin

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"strings"
	"text/template"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"
)

const newSynopsis = "new incident|rca|action|report|processreview NAME [-n NAMESPACE] [--incident INCIDENT | --process-review REVIEW] | new --example [NAME] [-n NAMESPACE] [--due-in DURATION]"

const newDescription = `
Print a review object to fill in: valid YAML with the guidance of DSPT D2
for each section as comments (for a processreview, the annual review of
processes of Data Security Standard 5). Every value to fill in reads
REPLACE-ME, and 'kubectl lessons lint' refuses the file until none is left.

The namespace is written only when -n is given (a GitOps application
usually sets it). --incident names the Incident an rca or action belongs
to; an rca is otherwise taken to share its incident's name.
--process-review names the ProcessReview that raised an action instead of
an incident.

--example prints a whole review instead, true on the day it is written:
an incident detected two hours ago, its analysis submitted for sign-off,
and two actions, the first due after --due-in (default 72h).

Examples:
  kubectl lessons new --example | kubectl apply -n reviews -f -
  kubectl lessons new incident phishing-credential-compromise-2025-05 > reviews/incident.yaml
  kubectl lessons new rca phishing-credential-compromise-2025-05 > reviews/rca.yaml
  kubectl lessons new action phishing-2025-05-mfa-remote-access --incident phishing-credential-compromise-2025-05 -n ig
  kubectl lessons new processreview process-workshop-2025 > reviews/process-workshop.yaml
  kubectl lessons new action smartcard-readers --process-review process-workshop-2025`

//go:embed templates/*.yaml
var newTemplates embed.FS

// newKinds maps what users type to the template of the kind.
var newKinds = map[string]string{
	"incident": "incident.yaml",
	"rca":      "rca.yaml",
	"action":   "action.yaml",
	"report":   "report.yaml",
	// The annual review of processes (Data Security Standard 5).
	"processreview": "processreview.yaml",
}

// newCommand prints a commented skeleton of a review object.
func newCommand() Command {
	return Command{
		Name:    "new",
		Summary: "Print an incident, rca, action, report or processreview to fill in, with the DSPT guidance as comments",
		Run:     runNew,
	}
}

// newValues are what a template fills in; empty means "not given".
type newValues struct {
	Name, Namespace, Incident, ProcessReview string
}

func runNew(_ context.Context, env *Env, args []string) error {
	var v newValues
	var example bool
	var dueIn time.Duration
	fs := newFlagSet("new")
	fs.StringVar(&v.Namespace, "namespace", "", "the namespace to write in metadata")
	fs.StringVar(&v.Namespace, "n", "", "the namespace to write in metadata")
	fs.StringVar(&v.Incident, "incident", "", "the Incident an rca or action belongs to")
	fs.StringVar(&v.ProcessReview, "process-review", "", "the ProcessReview that raised an action (instead of --incident)")
	fs.BoolVar(&example, "example", false, "print a whole example review, true on the day it is written")
	fs.DurationVar(&dueIn, "due-in", 72*time.Hour, "with --example, how long until the first action is due")
	usage := usageText{command: "new", synopsis: newSynopsis, description: newDescription}
	positional, err := parseFlags(env, fs, args, usage)
	if err != nil {
		return err
	}
	if example {
		return runExample(env, usage, positional, v.Namespace, dueIn)
	}
	if len(positional) != 2 {
		return usage.errorf("a kind (incident, rca, action, report or processreview) and a name are required")
	}
	kind := positional[0]
	v.Name = positional[1]
	file, ok := newKinds[kind]
	if !ok {
		return usage.errorf("unknown kind %q: use incident, rca, action, report or processreview", kind)
	}
	if err := checkNewValues(v, kind); err != nil {
		return usage.errorf("%v", err)
	}
	if kind == "rca" && v.Incident == "" {
		v.Incident = v.Name // one analysis per incident, usually named alike
	}
	out, err := renderNew(file, v)
	if err != nil {
		return err
	}
	_, err = env.Stdout.Write(out)
	return err
}

// checkNewValues refuses names the API server would refuse, so that they
// never reach the YAML unquoted.
func checkNewValues(v newValues, kind string) error {
	if errs := validation.IsDNS1123Subdomain(v.Name); len(errs) > 0 {
		return fmt.Errorf("invalid name %q: %s", v.Name, strings.Join(errs, "; "))
	}
	if v.Namespace != "" {
		if errs := validation.IsDNS1123Label(v.Namespace); len(errs) > 0 {
			return fmt.Errorf("invalid namespace %q: %s", v.Namespace, strings.Join(errs, "; "))
		}
	}
	if v.ProcessReview != "" {
		if kind != "action" {
			return fmt.Errorf("--process-review applies to an action, not a %s", kind)
		}
		if v.Incident != "" {
			return fmt.Errorf("an action belongs to an incident or to a process review, not both: give --incident or --process-review")
		}
		if errs := validation.IsDNS1123Subdomain(v.ProcessReview); len(errs) > 0 {
			return fmt.Errorf("invalid process review name %q: %s", v.ProcessReview, strings.Join(errs, "; "))
		}
	}
	if v.Incident == "" {
		return nil
	}
	if kind != "rca" && kind != "action" {
		return fmt.Errorf("--incident applies to an rca or an action, not a %s", kind)
	}
	if errs := validation.IsDNS1123Subdomain(v.Incident); len(errs) > 0 {
		return fmt.Errorf("invalid incident name %q: %s", v.Incident, strings.Join(errs, "; "))
	}
	return nil
}

// exampleValues are the times of an example review, relative to now.
type exampleValues struct {
	Name, Namespace                                      string
	Occurred, Detected, Contained, SIRONotified, Decided string
	FirstDue, SecondDue                                  string
}

// runExample prints this week's incident, its submitted analysis and two
// actions, every time relative to now: the incident detected two hours
// ago, the first action due after dueIn.
func runExample(env *Env, usage usageText, positional []string, namespace string, dueIn time.Duration) error {
	now := env.now().UTC().Truncate(time.Second)
	v := exampleValues{Name: "misdirected-discharge-summary-" + now.Format("2006-01-02"), Namespace: namespace}
	switch {
	case len(positional) == 1:
		v.Name = positional[0]
	case len(positional) > 1:
		return usage.errorf("--example takes one name at most")
	}
	if dueIn <= 0 {
		return usage.errorf("--due-in must be ahead of now, not %s", dueIn)
	}
	if err := checkNewValues(newValues{Name: v.Name, Namespace: namespace}, "example"); err != nil {
		return usage.errorf("%v", err)
	}
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	detected := -2 * time.Hour
	v.Occurred, v.Detected, v.Contained = at(detected-45*time.Minute), at(detected), at(detected+50*time.Minute)
	v.SIRONotified, v.Decided = at(detected+40*time.Minute), at(detected+90*time.Minute)
	v.FirstDue, v.SecondDue = at(dueIn), at(30*24*time.Hour)
	out, err := renderNew("example.yaml", v)
	if err != nil {
		return err
	}
	_, err = env.Stdout.Write(out)
	return err
}

// renderNew fills in the template of a kind.
func renderNew(file string, v any) ([]byte, error) {
	t, err := template.ParseFS(newTemplates, "templates/"+file)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
