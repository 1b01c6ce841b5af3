package main

var whereOpt = option{id: "where", short: 'w', kind: optValue, valueName: "WHERE_CLAUSE",
	help: "Filter messages: KEY=V1/V2 or KEY!=V1/V2"}

var keysOpt = option{id: "keys", short: 'p', kind: optValue, valueName: "KEYS",
	help: "Comma-separated keys to print"}

var jsonOpt = option{id: "json", short: 'j', help: "JSON output"}

var outputOpt = option{id: "output", long: "output", short: 'o', kind: optValue, valueName: "OUTPUT", required: true,
	help: "Output file"}

var inputPos = positional{id: "INPUT", valueName: "INPUT", required: true}

var outputPos = positional{id: "OUTPUT", valueName: "OUTPUT", required: true}

var filesPos = positional{id: "FILES", valueName: "FILES", multiple: true}

// commands is the subcommand table in help order.
func commands() []*command {
	req := keysOpt
	req.required = true
	return []*command{
		{name: "info", about: "Show a summary of each file", usage: "info [OPTIONS] [FILES]...",
			pos: []positional{filesPos}, run: cmdInfo},
		{name: "ls", about: "List messages, one row per message", usage: "ls [OPTIONS] [FILES]...",
			opts: []option{whereOpt, keysOpt, jsonOpt}, pos: []positional{filesPos}, run: cmdLs},
		{name: "dump", about: "Print every message's metadata and objects", usage: "dump [OPTIONS] [FILES]...",
			opts: []option{whereOpt, keysOpt, jsonOpt}, pos: []positional{filesPos}, run: cmdDump},
		{name: "get", about: "Print key values; a missing key is an error", usage: "get [OPTIONS] -p <KEYS> [FILES]...",
			opts: []option{whereOpt, req}, pos: []positional{filesPos}, run: cmdGet},
		{name: "set", about: "Change metadata values, writing a new file", usage: "set [OPTIONS] -s <SET_VALUES> <INPUT> <OUTPUT>",
			opts: []option{{id: "set", short: 's', kind: optValue, valueName: "SET_VALUES", required: true,
				help: "KEY=VALUE[,KEY=VALUE...]"}, whereOpt},
			pos: []positional{inputPos, outputPos}, run: cmdSet, progress: true},
		{name: "copy", about: "Copy (and filter, or fan out by [key] placeholders) messages", usage: "copy [OPTIONS] <INPUT> <OUTPUT>",
			opts: []option{whereOpt}, pos: []positional{inputPos, outputPos}, run: cmdCopy, progress: true},
		{name: "merge", about: "Merge all objects of all inputs into one message", usage: "merge [OPTIONS] --output <OUTPUT> [INPUTS]...",
			opts: []option{outputOpt, {id: "strategy", long: "strategy", short: 's', kind: optValue, valueName: "STRATEGY", def: "first", choices: []string{"first", "last", "error"},
				help: "Conflicting extra keys: first, last or error"}},
			pos: []positional{{id: "INPUTS", valueName: "INPUTS", multiple: true}}, run: cmdMerge, progress: true},
		{name: "split", about: "Write one file per object", usage: "split [OPTIONS] --output <OUTPUT> <INPUT>",
			opts: []option{outputOpt}, pos: []positional{inputPos}, run: cmdSplit, progress: true},
		{name: "reshuffle", about: "Re-encode messages (streaming to random-access layout)", usage: "reshuffle [OPTIONS] --output <OUTPUT> <INPUT>",
			opts: []option{outputOpt}, pos: []positional{inputPos}, run: cmdReshuffle, progress: true},
		{name: "validate", about: "Check files for structural, metadata, integrity and fidelity problems",
			usage: "validate [OPTIONS] <FILES>...",
			opts: []option{
				{id: "quick", long: "quick", help: "Structure only (level 1)"},
				{id: "checksum", long: "checksum", help: "Hash checks only"},
				{id: "full", long: "full", help: "Also decode and check every value (levels 1-4)"},
				{id: "canonical", long: "canonical", help: "Also check canonical CBOR key order"},
				{id: "json", long: "json", help: "JSON output"},
			},
			pos:       []positional{{id: "FILES", valueName: "FILES", multiple: true, required: true}},
			conflicts: [][2]string{{"quick", "checksum"}, {"quick", "full"}, {"checksum", "full"}},
			run:       cmdValidate, progress: true},
		{name: "doctor", about: "Report the build, its features and a self-test", usage: "doctor [OPTIONS]",
			opts: []option{{id: "json", long: "json", help: "JSON output"}}, run: cmdDoctor},
		{name: "completion", about: "Print a shell completion script (bash, zsh or fish)", usage: "completion <SHELL>",
			pos: []positional{{id: "SHELL", valueName: "SHELL", required: true, choices: completionShells}},
			run: cmdCompletion, extra: true},
	}
}
