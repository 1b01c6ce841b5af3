package main

import (
	"fmt"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/remote"
)

// validateMode maps the mutually exclusive mode flags to core's mode.
func validateMode(c *ctx) core.ValidateMode {
	switch {
	case c.flag("quick"):
		return core.ModeQuick
	case c.flag("checksum"):
		return core.ModeChecksum
	case c.flag("full"):
		return core.ModeFull
	}
	return core.ModeDefault
}

// cmdValidate validates every file (or URL) with core's validator and
// prints a human report (stdout for OK files, stderr for issues and
// failures) or, with --json, one pretty array after all files. Exit 1 if a
// file failed. --threads N validates N messages at a time; the output is
// the same for every N.
func cmdValidate(c *ctx) error {
	asJSON := c.flag("json")
	var reports []any
	failed := false
	for _, p := range c.positionals("FILES") {
		fr, err := validateOne(c, p)
		if err != nil {
			return err
		}
		if !fr.OK() {
			failed = true
		}
		if asJSON {
			reports = append(reports, fileReportJSON(p, fr))
		} else {
			printFileReport(c, p, fr)
		}
	}
	if asJSON {
		if reports == nil {
			reports = []any{}
		}
		fmt.Fprintln(c.stdout, jsonText(reports, true))
	}
	if failed {
		return silentError
	}
	return nil
}

// validateOne validates one file or URL, drawing its progress bar.
func validateOne(c *ctx, path string) (*core.FileReport, error) {
	bar := c.progressFor(path, 0)
	defer bar.finish()
	opts := &core.ValidateOptions{Mode: validateMode(c), Canonical: c.flag("canonical"),
		Workers: c.globals.threads, Progress: bar.update}
	if !remote.IsRemoteURL(path) {
		fr, err := core.ValidateFile(path, opts)
		if err != nil {
			return nil, errf("%s", osText(err))
		}
		return fr, nil
	}
	obj, err := openObject(c, path)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	fr, err := core.ValidateReaderAt(obj, obj.Size(), opts)
	if err != nil {
		return nil, remoteCause(err)
	}
	return fr, nil
}

func reportCounts(fr *core.FileReport) (objects int, hashed bool) {
	hashed = len(fr.Messages) > 0
	for _, m := range fr.Messages {
		objects += m.Report.ObjectCount
		hashed = hashed && m.Report.HashVerified
	}
	return objects, hashed
}

// printFileReport writes the human report of one file.
func printFileReport(c *ctx, path string, fr *core.FileReport) {
	for _, fi := range fr.FileIssues {
		fmt.Fprintf(c.stderr, "%s: WARNING \u2014 %s (at byte offset %d, %d bytes)\n", path, fi.Description, fi.ByteOffset, fi.Length)
	}
	ok := fr.OK()
	errs := len(fr.FileIssues)
	for mi, m := range fr.Messages {
		for _, is := range m.Report.Issues {
			if is.Severity == core.SeverityError {
				errs++
			}
			label := "WARNING"
			if is.Severity == core.SeverityError {
				label = "FAILED"
			}
			loc := fmt.Sprintf("message %d", mi+1)
			if is.ObjectIndex >= 0 {
				loc += fmt.Sprintf(", object %d", is.ObjectIndex+1)
			}
			at := ""
			if is.ByteOffset >= 0 {
				at = fmt.Sprintf(" (at byte %d)", is.ByteOffset)
			}
			fmt.Fprintf(c.stderr, "%s: %s \u2014 %s: %s%s\n", path, label, loc, is.Description, at)
		}
	}
	objects, hashed := reportCounts(fr)
	if ok {
		suffix := ""
		if hashed {
			suffix = ", hash verified"
		}
		fmt.Fprintf(c.stdout, "%s: OK (%d messages, %d objects%s)\n", path, len(fr.Messages), objects, suffix)
		return
	}
	noun := "errors"
	if errs == 1 {
		noun = "error"
	}
	fmt.Fprintf(c.stderr, "%s: FAILED (%d %s, %d messages, %d objects)\n", path, errs, noun, len(fr.Messages), objects)
}

// fileReportJSON is one file's entry of `validate --json`.
func fileReportJSON(path string, fr *core.FileReport) jsonObject {
	objects, hashed := reportCounts(fr)
	status := "ok"
	if !fr.OK() {
		status = "failed"
	}
	fis := []any{}
	for _, fi := range fr.FileIssues {
		fis = append(fis, jsonObject{{"byte_offset", num(fi.ByteOffset)}, {"length", num(fi.Length)}, {"description", fi.Description}})
	}
	mrs := []any{}
	for _, m := range fr.Messages {
		issues := []any{}
		for _, is := range m.Report.Issues {
			o := jsonObject{{"code", is.Code}, {"level", is.Level.String()}, {"severity", is.Severity.String()}}
			if is.ObjectIndex >= 0 {
				o = append(o, jsonMember{"object_index", num(int64(is.ObjectIndex))})
			}
			if is.ByteOffset >= 0 {
				o = append(o, jsonMember{"byte_offset", num(is.ByteOffset)})
			}
			issues = append(issues, append(o, jsonMember{"description", is.Description}))
		}
		mrs = append(mrs, jsonObject{{"issues", issues}, {"object_count", num(int64(m.Report.ObjectCount))}, {"hash_verified", m.Report.HashVerified}})
	}
	return jsonObject{{"file", path}, {"status", status}, {"messages", num(int64(len(fr.Messages)))},
		{"objects", num(int64(objects))}, {"hash_verified", hashed}, {"file_issues", fis}, {"message_reports", mrs}}
}

func num(n int64) jsonRaw { return jsonRaw(fmt.Sprint(n)) }
