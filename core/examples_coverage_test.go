package core_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// exampleAllowList names exported functions and methods of core that need
// no runnable Example, with the reason: low-level pieces that exist for the
// other packages of this module (core/pyapi, core/remote, capi, the CLI),
// whose doc comments say so.
var exampleAllowList = map[string]string{}

// interfaceMethods are method names that only satisfy a standard interface
// (fmt.Stringer, error, errors.Is/Unwrap, json.Marshaler, the CBOR
// marshaler); fmt, errors and the encoders call them, a user does not.
var interfaceMethods = map[string]bool{
	"String": true, "Error": true, "Is": true, "Unwrap": true,
	"MarshalJSON": true, "MarshalCBOR": true,
}

// TestEveryExportedEntryPointHasAnExample fails when an exported function F
// or method T.M of core has neither its own runnable Example (ExampleF,
// ExampleT_M, optionally with a _suffix) nor a call in an Example of the
// type go doc lists it under (ExampleT[_M][_suffix] or an Example of a
// function listed under T; T being the receiver or, for a function, the
// type it returns first) — unless the name is in
// exampleAllowList or is a standard interface method. It also fails when
// the allow-list names something that no longer exists or now has an
// example.
func TestEveryExportedEntryPointHasAnExample(t *testing.T) {
	exported := exportedEntryPoints(t, ".")
	examples := exampleTargets(t, ".")
	// An Example of a constructor F of T is listed under T too: the calls it
	// makes count for T.
	for _, ep := range exported {
		if ep.group != "" && !strings.Contains(ep.name, ".") {
			for target := range examples {
				if rest, ok := strings.CutPrefix(target, ep.name+"."); ok {
					examples[ep.group+"."+rest] = true
				}
			}
		}
	}
	covered := map[string]bool{}
	for _, ep := range exported {
		covered[ep.name] = examples[ep.name] || examples[ep.group+"."+lastPart(ep.name)]
	}
	reportCoverage(t, covered, exampleAllowList, "core")
}

// reportCoverage fails t for every entry point of covered (name → shown by
// an Example) that is neither covered nor in allow, for every allow-list
// entry that is covered or not an entry point, naming the packages what.
func reportCoverage(t *testing.T, covered map[string]bool, allow map[string]string, what string) {
	t.Helper()
	var missing []string
	for name, ok := range covered {
		_, allowed := allow[name]
		switch {
		case ok && allowed:
			t.Errorf("%s has an Example: drop it from the allow-list", name)
		case !ok && !allowed:
			missing = append(missing, name)
		}
	}
	for name := range allow {
		if _, ok := covered[name]; !ok {
			t.Errorf("the allow-list names %s, which is not an exported function or method of %s", name, what)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Errorf("exported entry points of %s not shown by an Example (write one in an example_*_test.go file, or allow-list a low-level name with a reason):\n\t%s",
			what, strings.Join(missing, "\n\t"))
	}
}

// entryPoint is an exported function or method of core: its name ("F" or
// "T.M") and the name under which go doc lists it with its examples ("T"
// for methods of T and for functions returning a T or *T first, like
// go doc's constructors; "" for other functions).
type entryPoint struct {
	name, group string
}

// exportedEntryPoints returns the exported functions and the exported
// methods of exported types declared in the non-test Go files of dir,
// leaving out the interface methods, sorted by name.
func exportedEntryPoints(t *testing.T, dir string) []entryPoint {
	t.Helper()
	files := parseGoFiles(t, dir, false)
	types := map[string]bool{}
	for _, f := range files {
		for _, decl := range f.Decls {
			if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, spec := range gd.Specs {
					types[spec.(*ast.TypeSpec).Name.Name] = true
				}
			}
		}
	}
	var out []entryPoint
	for _, f := range files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			if fd.Recv == nil {
				ep := entryPoint{name: fd.Name.Name}
				if res := fd.Type.Results; res != nil && len(res.List) > 0 {
					if typ := receiverType(res.List[0].Type); types[typ] && ast.IsExported(typ) {
						ep.group = typ
					}
				}
				out = append(out, ep)
				continue
			}
			recv := receiverType(fd.Recv.List[0].Type)
			if ast.IsExported(recv) && !interfaceMethods[fd.Name.Name] {
				out = append(out, entryPoint{name: recv + "." + fd.Name.Name, group: recv})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// lastPart returns M of "T.M" and F of "F".
func lastPart(name string) string {
	return name[strings.LastIndexByte(name, '.')+1:]
}

// receiverType returns the type name of a method receiver (T, *T, T[P]).
func receiverType(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// exampleTargets returns the entry points ("F", "T.M") that the Example
// functions in the test files of dir document: ExampleF and ExampleT_M,
// each optionally followed by _suffix with a lower-case suffix, "T.X" for
// every name X called (x.X(...), pkg.X(...), pkg.X[T](...)) in the body of
// an ExampleT or ExampleT_M, and "*.X" for every name X called in any
// Example.
func exampleTargets(t *testing.T, dir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, f := range parseGoFiles(t, dir, true) {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !strings.HasPrefix(fd.Name.Name, "Example") {
				continue
			}
			parts := strings.Split(strings.TrimPrefix(fd.Name.Name, "Example"), "_")
			if len(parts) > 0 && parts[len(parts)-1] != "" && !ast.IsExported(parts[len(parts)-1]) {
				parts = parts[:len(parts)-1] // a lower-case suffix names a variant
			}
			for _, m := range calledMethods(fd.Body) {
				out[parts[0]+"."+m] = true
				out["*."+m] = true
			}
			switch len(parts) {
			case 1:
				out[parts[0]] = true
			case 2:
				out[parts[0]+"."+parts[1]] = true
			}
		}
	}
	return out
}

// calledMethods returns the selector names of the calls x.M(...) in body.
func calledMethods(body *ast.BlockStmt) []string {
	var out []string
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			fun := call.Fun
			switch x := fun.(type) {
			case *ast.IndexExpr:
				fun = x.X
			case *ast.IndexListExpr:
				fun = x.X
			}
			if sel, ok := fun.(*ast.SelectorExpr); ok {
				out = append(out, sel.Sel.Name)
			}
		}
		return true
	})
	return out
}

// parseGoFiles parses the Go files of dir: the test files when tests is
// true, else the others.
func parseGoFiles(t *testing.T, dir string, tests bool) []*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") != tests {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

// codecExampleAllowList names exported functions and methods of the codec
// packages (as "pkg.F" or "pkg.T.M") that need no call in an Example, with
// the reason.
var codecExampleAllowList = map[string]string{}

// TestCodecPackagesHaveExamples fails when an exported function or method
// of a package under core/codec is neither named by an Example of its
// package nor called in one (the codec packages are small: one package
// Example showing encode, decode and their options covers most of each),
// unless it is in codecExampleAllowList or a standard interface method.
func TestCodecPackagesHaveExamples(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("codec", "*"))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, dir := range dirs {
		pkg := filepath.Base(dir)
		examples := exampleTargets(t, dir)
		for _, ep := range exportedEntryPoints(t, dir) {
			covered[pkg+"."+ep.name] = examples[ep.name] || examples["*."+lastPart(ep.name)]
		}
	}
	reportCoverage(t, covered, codecExampleAllowList, "the codec packages")
}
