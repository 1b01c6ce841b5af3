package core_test

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// guidePath is the Go user guide whose code snippets must come from
// runnable examples.
const guidePath = "../docs/go.md"

// TestGoGuideSnippets checks every ```go block of docs/go.md: it must be
// valid Go (a whole program, declarations or statements) and be preceded
// by a comment line "<!-- example: X -->" where X is an Example function
// of this package or a Go file path from the repository root; the
// snippet's code lines (comments and spacing aside) must appear in that
// example, in the same order, and a whole program's main must be the
// example's body. So every snippet compiles and runs as part of a tested
// example.
func TestGoGuideSnippets(t *testing.T) {
	blocks := guideBlocks(t)
	if len(blocks) == 0 {
		t.Fatalf("no go blocks in %s", guidePath)
	}
	for _, b := range blocks {
		if b.source == "" {
			t.Errorf("%s:%d: go block without a preceding <!-- example: X --> line", guidePath, b.line)
			continue
		}
		lines, err := snippetLines(b.code)
		if err != nil {
			t.Errorf("%s:%d: snippet is not valid Go: %v", guidePath, b.line, err)
			continue
		}
		src, ok := exampleSource(t, b.source)
		if !ok {
			t.Errorf("%s:%d: example %s not found", guidePath, b.line, b.source)
			continue
		}
		have := normalizedLines(src)
		if missing := firstMissing(lines, have); missing != "" {
			t.Errorf("%s:%d: line %q is not in %s (in this order)", guidePath, b.line, missing, b.source)
		}
		// A whole program's main is the example's body, line for line.
		if strings.HasPrefix(b.code, "package ") && len(have) >= 2 && len(lines) != len(have)-2 {
			t.Errorf("%s:%d: main has %d code lines, %s's body %d", guidePath, b.line, len(lines), b.source, len(have)-2)
		}
	}
}

// guideBlock is one ```go block of the guide: its first line number, its
// code and the example named on the line before it.
type guideBlock struct {
	line   int
	code   string
	source string
}

func guideBlocks(t *testing.T) []guideBlock {
	t.Helper()
	f, err := os.Open(guidePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		out     []guideBlock
		cur     *guideBlock
		lastTag string
		n       int
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case cur != nil && strings.HasPrefix(line, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.code += line + "\n"
		case strings.HasPrefix(line, "```go"):
			cur = &guideBlock{line: n, source: lastTag}
		case strings.TrimSpace(line) != "":
			lastTag = ""
			if rest, ok := strings.CutPrefix(line, "<!-- example: "); ok {
				lastTag = strings.TrimSpace(strings.TrimSuffix(rest, "-->"))
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// snippetLines parses a snippet as a program, declarations or statements
// and returns its normalized code lines (for a program, those of main's
// body).
func snippetLines(code string) ([]string, error) {
	fset := token.NewFileSet()
	if strings.HasPrefix(code, "package ") {
		f, err := parser.ParseFile(fset, "", code, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" {
				body := code[fset.Position(fd.Body.Lbrace).Offset+1 : fset.Position(fd.Body.Rbrace).Offset]
				return normalizedLines(body), nil
			}
		}
		return normalizedLines(code), nil
	}
	if _, err := parser.ParseFile(fset, "", "package p\n"+code, 0); err == nil {
		return normalizedLines(code), nil
	}
	if _, err := parser.ParseFile(fset, "", "package p\nfunc _() {\n"+code+"\n}", 0); err != nil {
		return nil, err
	}
	return normalizedLines(code), nil
}

// exampleSource returns the source of an Example function of this package
// (name) or of a repository file (a path ending in .go).
func exampleSource(t *testing.T, name string) (string, bool) {
	t.Helper()
	if strings.HasSuffix(name, ".go") {
		b, err := os.ReadFile(filepath.Join("..", name))
		return string(b), err == nil
	}
	names, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range names {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
				return string(src[fset.Position(fd.Pos()).Offset:fset.Position(fd.End()).Offset]), true
			}
		}
	}
	return "", false
}

// normalizedLines returns the non-empty lines of src as their Go tokens
// joined by single spaces, comments dropped.
func normalizedLines(src string) []string {
	var out []string
	for _, line := range strings.Split(src, "\n") {
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile("", -1, len(line)), []byte(line), nil, 0)
		var toks []string
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.SEMICOLON && lit == "\n" {
				continue
			}
			if lit == "" {
				lit = tok.String()
			}
			toks = append(toks, lit)
		}
		if len(toks) > 0 {
			out = append(out, strings.Join(toks, " "))
		}
	}
	return out
}

// firstMissing returns the first line of want that is not found in have
// after the previous one ("" when all are, in order).
func firstMissing(want, have []string) string {
	i := 0
	for _, w := range want {
		for i < len(have) && have[i] != w {
			i++
		}
		if i == len(have) {
			return w
		}
		i++
	}
	return ""
}
