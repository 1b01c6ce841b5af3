package core

import (
	"strings"
	"testing"
)

// A stage registered (or replaced) after start-up is what lookupStage
// returns at once: the lock-free snapshot is republished by RegisterStage.
func TestRegisterStageVisibleToLookup(t *testing.T) {
	const name = "test-registry-stage"
	mk := func(tag uint64) StageFactory {
		return func(*StageContext) (Stage, error) { return identityStage{elemSize: tag}, nil }
	}
	if _, err := lookupStage(StageFilter, name); err == nil {
		t.Fatal("unregistered name found")
	}
	defer func() {
		registryMu.Lock()
		delete(stages[StageFilter], name)
		publishStages()
		registryMu.Unlock()
		if _, err := lookupStage(StageFilter, name); err == nil {
			t.Error("removed name still found")
		}
	}()
	for _, tag := range []uint64{7, 9} {
		RegisterStage(StageFilter, name, mk(tag))
		f, err := lookupStage(StageFilter, name)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := f(&StageContext{})
		if got := s.(identityStage).elemSize; got != tag {
			t.Fatalf("lookup returned the factory of %d, want %d", got, tag)
		}
	}
}

// Rules registered after start-up apply to the next encode at once (the
// lock-free snapshot is republished by RegisterStageRules).
func TestRegisterStageRulesVisibleToChecks(t *testing.T) {
	const name, key = "test-rules-stage", "test_rules_param"
	d := NewDescriptor(Uint8, []uint64{4})
	d.Params = map[string]any{key: uint64(1)}
	if err := checkStageRules(d, false, 0); err != nil {
		t.Fatal(err)
	}
	defer func() {
		registryMu.Lock()
		delete(stageRules[StageFilter], name)
		names := ruleNames[StageFilter][:0]
		for _, n := range ruleNames[StageFilter] {
			if n != name {
				names = append(names, n)
			}
		}
		ruleNames[StageFilter] = names
		publishRules()
		registryMu.Unlock()
		if err := checkStageRules(d, false, 0); err != nil {
			t.Error("removed rules still applied:", err)
		}
	}()
	RegisterStageRules(StageFilter, name, StageRules{OutputParams: []string{key}})
	err := checkStageRules(d, false, 0)
	if err == nil || !strings.Contains(err.Error(), key) {
		t.Fatalf("rules of %s not applied: %v", name, err)
	}
}

// The three lookups of a pipeline build from parallel goroutines (run with
// -cpu 1,2: ns/op should halve at 2, not grow as it did with a read lock).
func BenchmarkLookupStageParallel(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, k := range pipelineKinds {
				if _, err := lookupStage(k, "none"); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
