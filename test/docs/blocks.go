// Package docs runs the shell blocks of README.md and docs/*.md, the
// commands a reader pastes, against a control plane with the samples
// applied and the manager running, so that the documentation stays true.
package docs

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Block is one fenced shell block of a Markdown file.
type Block struct {
	// File is the Markdown file, relative to the repository root.
	File string
	// Line is the line of the opening fence.
	Line int
	// Lang is the fence's language: sh, bash, shell or console.
	Lang string
	// Script is what a reader would paste: the block's text, or for a
	// console block its lines that start with "$ ", without the prompt.
	Script string
	// Skip is the reason given for not running the block, empty when it
	// is run.
	Skip string
}

func (b Block) String() string { return fmt.Sprintf("%s:%d", b.File, b.Line) }

var (
	openFence = regexp.MustCompile("^```(sh|bash|shell|console)\\s*$")
	// skipMarker, on the last non-blank line before a block, keeps the
	// block from running; the reason in parentheses is required.
	skipMarker = regexp.MustCompile(`^<!--\s*docs-test:\s*skip\s*\((.+)\)\s*-->\s*$`)
	anyMarker  = regexp.MustCompile(`^<!--\s*docs-test:`)
)

// Files are the Markdown files whose shell blocks are run, relative to
// root: README.md and docs/*.md.
func Files(root string) ([]string, error) {
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		return nil, err
	}
	sort.Strings(docs)
	files := []string{"README.md"}
	for _, d := range docs {
		rel, err := filepath.Rel(root, d)
		if err != nil {
			return nil, err
		}
		files = append(files, filepath.ToSlash(rel))
	}
	return files, nil
}

// Extract reads the shell blocks of the Markdown file root/file in order.
// A marker that is not a well-formed skip is an error, as is a block that
// does not end.
func Extract(root, file string) ([]Block, error) {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var (
		blocks   []Block
		lastText string // the last non-blank line outside a block
		open     *Block
		body     []string
		n        int
	)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		n++
		line := sc.Text()
		if open != nil {
			if strings.TrimSpace(line) == "```" {
				open.Script = script(open.Lang, body)
				blocks = append(blocks, *open)
				open, body, lastText = nil, nil, "```"
				continue
			}
			body = append(body, line)
			continue
		}
		trimmed := strings.TrimSpace(line)
		if m := openFence.FindStringSubmatch(trimmed); m != nil {
			b := Block{File: file, Line: n, Lang: m[1]}
			if anyMarker.MatchString(lastText) {
				s := skipMarker.FindStringSubmatch(lastText)
				if s == nil || strings.TrimSpace(s[1]) == "" {
					return nil, fmt.Errorf("%s:%d: a docs-test marker must read <!-- docs-test: skip (why) -->: %q", file, n, lastText)
				}
				b.Skip = strings.TrimSpace(s[1])
			}
			open = &b
			continue
		}
		if strings.HasPrefix(trimmed, "```") {
			// Another language's block: skip to its end.
			for sc.Scan() {
				n++
				if strings.TrimSpace(sc.Text()) == "```" {
					break
				}
			}
			lastText = "```"
			continue
		}
		if trimmed != "" {
			lastText = trimmed
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if open != nil {
		return nil, fmt.Errorf("%s: the block opened at line %d does not end", file, open.Line)
	}
	return blocks, nil
}

// script is what a reader pastes from a block's lines.
func script(lang string, lines []string) string {
	if lang != "console" {
		return strings.Join(lines, "\n") + "\n"
	}
	var cmds []string
	for _, l := range lines {
		if c, ok := strings.CutPrefix(l, "$ "); ok {
			cmds = append(cmds, c)
		}
	}
	return strings.Join(cmds, "\n") + "\n"
}
