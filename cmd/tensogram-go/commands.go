package main

var whereOpt = option{id: "where", long: "where", short: 'w', kind: optValue, valueName: "WHERE_CLAUSE",
	help: "Filter messages: KEY=V1/V2 or KEY!=V1/V2"}

var keysOpt = option{id: "keys", long: "keys", short: 'p', kind: optValue, valueName: "KEYS",
	help: "Comma-separated keys to print"}

var jsonOpt = option{id: "json", long: "json", short: 'j', help: "JSON output"}

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
		{name: "get", about: "Print key values; a missing key is an error", usage: "get [OPTIONS] --keys <KEYS> [FILES]...",
			opts: []option{whereOpt, req}, pos: []positional{filesPos}, run: cmdGet},
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
			run:       cmdValidate},
	}
}
