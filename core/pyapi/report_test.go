package pyapi

import (
	"reflect"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
)

func TestReportKeyOrder(t *testing.T) {
	r := &core.Report{ObjectCount: 2, HashVerified: true, Issues: []core.Issue{
		{Code: "a", Description: "d", ObjectIndex: 1, ByteOffset: -1},
		{Code: "b", Description: "e", ObjectIndex: -1, ByteOffset: 7},
	}}
	got := ordered(t, Report(r), 0)
	if k := keysOf(got); !reflect.DeepEqual(k, []any{"issues", "object_count", "hash_verified"}) {
		t.Fatalf("report keys %v", k)
	}
	issues := get(got, "issues").([]any)
	if k := keysOf(issues[0]); !reflect.DeepEqual(k, []any{"code", "level", "severity", "object_index", "description"}) {
		t.Fatalf("issue keys %v", k)
	}
	if k := keysOf(issues[1]); !reflect.DeepEqual(k, []any{"code", "level", "severity", "byte_offset", "description"}) {
		t.Fatalf("issue keys %v", k)
	}
	fr := &core.FileReport{FileIssues: []core.FileIssue{{ByteOffset: 3, Length: 4, Description: "gap"}},
		Messages: []core.MessageReport{{Report: r}}}
	got = ordered(t, FileReport(fr), 0)
	if k := keysOf(get(got, "file_issues").([]any)[0]); !reflect.DeepEqual(k, []any{"byte_offset", "length", "description"}) {
		t.Fatalf("file issue keys %v", k)
	}
	if n := len(get(got, "messages").([]any)); n != 1 {
		t.Fatalf("%d messages", n)
	}
}

func TestDoctorSelfTestsPass(t *testing.T) {
	got := ordered(t, Doctor(), 0)
	if k := keysOf(got); !reflect.DeepEqual(k, []any{"build", "features", "self_test"}) {
		t.Fatalf("doctor keys %v", k)
	}
	for _, st := range get(got, "self_test").([]any) {
		if o := get(st, "outcome"); o != "ok" && o != "skipped" {
			t.Errorf("self test %v: %v", get(st, "label"), o)
		}
	}
	stages := ordered(t, Stages(), 0)
	if k := keysOf(stages); !reflect.DeepEqual(k, []any{"encoding", "filter", "compression"}) {
		t.Fatalf("stages keys %v", k)
	}
}
