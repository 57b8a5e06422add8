package render

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
	texttemplate "text/template"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/learning"
)

var (
	packMarkdownTemplate = texttemplate.Must(texttemplate.New("pack.md.tmpl").Funcs(funcs).
				ParseFS(templates, "templates/pack.md.tmpl", "templates/common.md.tmpl"))
	packHTMLTemplate = template.Must(template.New("pack.html.tmpl").Funcs(funcs).
				ParseFS(templates, "templates/pack.html.tmpl", "templates/page.html.tmpl", "templates/style.css.tmpl"))
)

// packDocument is what both pack templates render: the pack as built, in
// words. It adds nothing to what package learning released.
type packDocument struct {
	AudienceName, Date, Period string
	Draft                      bool
	Incidents                  []packIncident
	Withheld                   []learning.WithheldItem
}

type packIncident struct {
	Reference, Kind       string
	Draft                 bool
	Facts                 []fact
	WhatHappened, Lessons string
	Actions               []packActions
}

// packActions is a count of actions of an area in a state, in words.
type packActions struct {
	Area, State string
	Count       int
}

func buildPack(p *learning.Pack) packDocument {
	d := packDocument{AudienceName: audienceInSentence(p.Audience), Date: p.Date, Draft: p.Draft, Withheld: p.Withheld}
	if p.Period != nil {
		d.Period = p.Period.From + " to " + p.Period.To
	}
	for _, i := range p.Incidents {
		v := packIncident{Reference: i.Reference, Kind: typeName(string(i.Type)), Draft: i.Draft,
			WhatHappened: orNotRecorded(i.WhatHappened), Lessons: orNotRecorded(i.Lessons)}
		for _, a := range i.Actions {
			v.Actions = append(v.Actions, packActions{Area: areaName(a.Area), State: stateName(string(a.State)), Count: a.Count})
		}
		v.Facts = append(v.Facts, fact{"Category", categoryName(i.Category)})
		if i.Severity != "" {
			v.Facts = append(v.Facts, fact{"Severity", string(i.Severity)})
		}
		v.Facts = append(v.Facts, fact{"Detected", i.DetectedOn}, fact{"Contained", orNotRecorded(i.ContainedOn)},
			fact{"Analysis signed off", orValue(i.SignedOffOn, "not yet (DRAFT)")},
			fact{"Themes", orNotRecorded(strings.Join(i.Themes, ", "))},
			fact{"Cause categories", orNotRecorded(strings.Join(i.CauseCategories, ", "))})
		d.Incidents = append(d.Incidents, v)
	}
	return d
}

// audienceInSentence names an audience within a sentence: "the
// integrated care board (ICB)".
func audienceInSentence(a v1alpha1.Audience) string {
	name := audienceName(a)
	for _, article := range []string{"The ", "A ", "Another "} {
		if strings.HasPrefix(name, article) {
			return strings.ToLower(article[:1]) + name[1:]
		}
	}
	return name
}

func orValue(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

// typeName says what an incident is, in words.
func typeName(t string) string {
	switch t {
	case "NearMiss":
		return "Near miss"
	case "Exercise":
		return "Exercise of the response plan"
	}
	return t
}

// PackMarkdown writes a learning pack as Markdown; a draft says DRAFT at
// its head, on every incident and at its foot.
func PackMarkdown(w io.Writer, p *learning.Pack) error {
	return execute(w, packMarkdownTemplate, buildPack(p), "markdown")
}

// PackHTML writes a learning pack as a self-contained, printable HTML page
// in the style of the other documents; a draft carries a DRAFT mark that
// prints on every page.
func PackHTML(w io.Writer, p *learning.Pack) error {
	return execute(w, packHTMLTemplate, buildPack(p), "html")
}

// PackJSON writes a learning pack as JSON (apiVersion
// lessons.dspt.io/learning-pack/v1), indented, ending with a line break.
func PackJSON(w io.Writer, p *learning.Pack) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("render json: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
