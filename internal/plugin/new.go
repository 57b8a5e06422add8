package plugin

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"strings"
	"text/template"

	"k8s.io/apimachinery/pkg/util/validation"
)

const newSynopsis = "new incident|rca|action|report NAME [-n NAMESPACE] [--incident INCIDENT]"

const newDescription = `
Print a review object to fill in: valid YAML with the guidance of DSPT D2
for each section as comments. Every value to fill in reads REPLACE-ME, and
'kubectl lessons lint' refuses the file until none is left.

The namespace is written only when -n is given (a GitOps application
usually sets it). --incident names the Incident an rca or action belongs
to; an rca is otherwise taken to share its incident's name.

Examples:
  kubectl lessons new incident phishing-2026-05 > reviews/incident.yaml
  kubectl lessons new rca phishing-2026-05 > reviews/rca.yaml
  kubectl lessons new action phishing-2026-05-mfa --incident phishing-2026-05 -n ig`

//go:embed templates/*.yaml
var newTemplates embed.FS

// newKinds maps what users type to the template of the kind.
var newKinds = map[string]string{
	"incident": "incident.yaml",
	"rca":      "rca.yaml",
	"action":   "action.yaml",
	"report":   "report.yaml",
}

// newCommand prints a commented skeleton of a review object.
func newCommand() Command {
	return Command{
		Name:    "new",
		Summary: "Print an incident, rca, action or report to fill in, with the DSPT guidance as comments",
		Run:     runNew,
	}
}

// newValues are what a template fills in; empty means "not given".
type newValues struct {
	Name, Namespace, Incident string
}

func runNew(_ context.Context, env *Env, args []string) error {
	var v newValues
	fs := newFlagSet("new")
	fs.StringVar(&v.Namespace, "namespace", "", "the namespace to write in metadata")
	fs.StringVar(&v.Namespace, "n", "", "the namespace to write in metadata")
	fs.StringVar(&v.Incident, "incident", "", "the Incident an rca or action belongs to")
	usage := usageText{command: "new", synopsis: newSynopsis, description: newDescription}
	positional, err := parseFlags(env, fs, args, usage)
	if err != nil {
		return err
	}
	if len(positional) != 2 {
		return usage.errorf("a kind (incident, rca, action or report) and a name are required")
	}
	kind := positional[0]
	v.Name = positional[1]
	file, ok := newKinds[kind]
	if !ok {
		return usage.errorf("unknown kind %q: use incident, rca, action or report", kind)
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

// renderNew fills in the template of a kind.
func renderNew(file string, v newValues) ([]byte, error) {
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
