package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// globalOptions are the options every subcommand accepts (command line,
// else environment variable, else default).
type globalOptions struct {
	threads            int
	allowNaN, allowInf bool
	nanMask            string
	posInfMask         string
	negInfMask         string
	smallMaskThreshold int
}

// checkU32 checks a u32 value the way the CLI's parser does: as a signed
// 64-bit integer first, then against the range.
func checkU32(s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return intParseError(s, err)
	}
	if n < 0 || n > math.MaxUint32 {
		return fmt.Sprintf("%d is not in 0..=%d", n, uint64(math.MaxUint32))
	}
	return ""
}

// intParseError words a failed integer parse.
func intParseError(s string, err error) string {
	switch {
	case s == "":
		return "cannot parse integer from empty string"
	case errors.Is(err, strconv.ErrRange) && strings.HasPrefix(s, "-"):
		return "number too small to fit in target type"
	case errors.Is(err, strconv.ErrRange):
		return "number too large to fit in target type"
	}
	return "invalid digit found in string"
}

func checkUsize(s string) string { return checkUint(s, 64) }

// checkUint reports an unsigned-integer parse failure as the CLI words it.
func checkUint(s string, bits int) string {
	if s == "" {
		return "cannot parse integer from empty string"
	}
	t := strings.TrimPrefix(s, "+")
	if t == "" {
		return "invalid digit found in string"
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return "invalid digit found in string"
		}
	}
	if _, err := strconv.ParseUint(t, 10, bits); err != nil {
		return "number too large to fit in target type"
	}
	return ""
}

// parseBool accepts y yes t true on 1 / n no f false off 0 (any case).
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "y", "yes", "t", "true", "on", "1":
		return true, true
	case "n", "no", "f", "false", "off", "0":
		return false, true
	}
	return false, false
}

// boolWords are the boolean spellings completion offers.
var boolWords = []string{"true", "false"}

func checkBool(s string) string {
	if _, ok := parseBool(s); !ok {
		return "value was not a boolean"
	}
	return ""
}

var globalOpts = []option{
	{id: "threads", long: "threads", kind: optValue, valueName: "THREADS", env: "TENSOGRAM_THREADS", def: "0", check: checkU32,
		help: "Worker threads for merge, split, reshuffle and validate (messages checked in parallel, same report); 0 = sequential"},
	{id: "allow-nan", long: "allow-nan", kind: optBool, valueName: "ALLOW_NAN", choices: boolWords, env: "TENSOGRAM_ALLOW_NAN", def: "false", check: checkBool,
		help: "Replace NaN with 0 and record a mask when re-encoding"},
	{id: "allow-inf", long: "allow-inf", kind: optBool, valueName: "ALLOW_INF", choices: boolWords, env: "TENSOGRAM_ALLOW_INF", def: "false", check: checkBool,
		help: "Replace +Inf/-Inf with 0 and record masks when re-encoding"},
	{id: "nan-mask-method", long: "nan-mask-method", kind: optValue, choices: maskMethods, valueName: "NAN_MASK_METHOD", env: "TENSOGRAM_NAN_MASK_METHOD", def: "roaring",
		help: "Mask compression for NaN positions (none, rle, roaring, lz4, zstd, blosc2)"},
	{id: "pos-inf-mask-method", long: "pos-inf-mask-method", kind: optValue, choices: maskMethods, valueName: "POS_INF_MASK_METHOD", env: "TENSOGRAM_POS_INF_MASK_METHOD", def: "roaring",
		help: "Mask compression for +Inf positions"},
	{id: "neg-inf-mask-method", long: "neg-inf-mask-method", kind: optValue, choices: maskMethods, valueName: "NEG_INF_MASK_METHOD", env: "TENSOGRAM_NEG_INF_MASK_METHOD", def: "roaring",
		help: "Mask compression for -Inf positions"},
	{id: "small-mask-threshold", long: "small-mask-threshold", kind: optValue, valueName: "SMALL_MASK_THRESHOLD", env: "TENSOGRAM_SMALL_MASK_THRESHOLD", def: "128", check: checkUsize,
		help: "Masks smaller than this many bytes are stored uncompressed (0 disables)"},
	storageOpt,
	noProgressOpt,
}

var helpOpt = option{id: "help", long: "help", short: 'h', help: "Print help"}

var topOpts = []option{helpOpt, {id: "version", long: "version", short: 'V', help: "Print version"}}

// resolveGlobals applies environment variables to global options not given
// on the command line, checks them and fills c.globals.
func resolveGlobals(c *ctx) error {
	get := func(id string) (string, error) {
		for i := range globalOpts {
			o := &globalOpts[i]
			if o.id != id {
				continue
			}
			if v, ok := c.value(id); ok {
				return v, nil
			}
			if v, ok := lookupEnv(c, o.env); ok {
				if o.check != nil {
					if msg := o.check(v); msg != "" {
						return "", &usageError{reason: "invalid value '" + v + "' for '" + o.display() + "': " + msg}
					}
				}
				return v, nil
			}
			return o.def, nil
		}
		return "", nil
	}
	g := &c.globals
	for _, id := range []string{"threads", "allow-nan", "allow-inf", "nan-mask-method", "pos-inf-mask-method", "neg-inf-mask-method", "small-mask-threshold"} {
		v, err := get(id)
		if err != nil {
			return err
		}
		switch id {
		case "threads":
			n, _ := strconv.ParseInt(v, 10, 64)
			g.threads = int(n)
		case "allow-nan":
			g.allowNaN, _ = parseBool(v)
		case "allow-inf":
			g.allowInf, _ = parseBool(v)
		case "nan-mask-method":
			g.nanMask = v
		case "pos-inf-mask-method":
			g.posInfMask = v
		case "neg-inf-mask-method":
			g.negInfMask = v
		case "small-mask-threshold":
			n, _ := strconv.ParseUint(strings.TrimPrefix(v, "+"), 10, 64)
			g.smallMaskThreshold = int(n)
		}
	}
	return nil
}

// lookupEnv reads an environment variable; set-but-empty counts as set.
func lookupEnv(c *ctx, name string) (string, bool) {
	return c.lookupEnv(name)
}
