// helm-render renders a Helm chart the way `helm template` does, from Debian's Go packages only:
// Go's text/template with the sprig function library (Helm's engine), Helm's own functions
// (include, tpl, required, toYaml, fromYaml, toJson, fromJson, lookup), values coalesced from
// values.yaml, -f files and --set, checked against values.schema.json with gojsonschema (the
// validator Helm 3 uses), and .Capabilities.APIVersions read from a file of the cluster's
// discovery. There is no Helm binary in Debian; this is the engine without the installer.
//
//	helm-render [--release NAME] [--namespace NS] [-f values.yaml]... [--set k=v]...
//	            [--api-versions FILE] [--notes FILE] CHART_DIR
//
// The manifests go to standard output, one "# Source:" document per template, like helm template.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"github.com/xeipuuv/gojsonschema"
	"gopkg.in/yaml.v2"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// apiVersions is .Capabilities.APIVersions: "group/version" and "group/version/Kind" entries.
type apiVersions []string

// Has reports whether the cluster serves an API version or version/kind, like Helm's VersionSet.
func (a apiVersions) Has(v string) bool {
	for _, x := range a {
		if x == v {
			return true
		}
	}
	return false
}

// Helm's built-in default when no cluster is asked (helm template without --api-versions).
var defaultAPIVersions = apiVersions{"v1", "apps/v1", "policy/v1", "policy/v1/PodDisruptionBudget",
	"rbac.authorization.k8s.io/v1", "admissionregistration.k8s.io/v1", "apiextensions.k8s.io/v1"}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "helm-render: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	var valueFiles, sets listFlag
	release, namespace, versionsFile, notesFile, chartDir := "orkestra", "default", "", "", ""
	for i := 0; i < len(args); i++ {
		next := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("%s needs a value", args[i])
			}
			i++
			return args[i], nil
		}
		var err error
		switch args[i] {
		case "--release":
			release, err = next()
		case "--namespace", "-n":
			namespace, err = next()
		case "-f", "--values":
			var v string
			v, err = next()
			valueFiles = append(valueFiles, v)
		case "--set":
			var v string
			v, err = next()
			sets = append(sets, v)
		case "--api-versions":
			versionsFile, err = next()
		case "--notes":
			notesFile, err = next()
		default:
			if strings.HasPrefix(args[i], "-") || chartDir != "" {
				return fmt.Errorf("unexpected argument %q", args[i])
			}
			chartDir = args[i]
		}
		if err != nil {
			return err
		}
	}
	if chartDir == "" {
		return errors.New("usage: helm-render [--release NAME] [--namespace NS] [-f FILE]... [--set k=v]... [--api-versions FILE] [--notes FILE] CHART_DIR")
	}

	chart, err := readYAMLFile(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return err
	}
	values, err := readYAMLFile(filepath.Join(chartDir, "values.yaml"))
	if err != nil {
		return err
	}
	for _, file := range valueFiles {
		override, err := readYAMLFile(file)
		if err != nil {
			return err
		}
		values = coalesce(override, values)
	}
	for _, set := range sets {
		if err := applySet(values, set); err != nil {
			return err
		}
	}
	if err := validateSchema(filepath.Join(chartDir, "values.schema.json"), values); err != nil {
		return err
	}
	versions := defaultAPIVersions
	if versionsFile != "" {
		text, err := os.ReadFile(versionsFile)
		if err != nil {
			return err
		}
		versions = apiVersions(strings.Fields(string(text)))
	}

	name := str(chart["name"])
	top := map[string]interface{}{
		"Values": values,
		"Chart": map[string]interface{}{
			"Name": name, "Version": str(chart["version"]), "AppVersion": str(chart["appVersion"]),
			"Description": str(chart["description"]), "Type": str(chart["type"]),
		},
		"Release": map[string]interface{}{
			"Name": release, "Namespace": namespace, "Service": "Helm", "IsInstall": true, "IsUpgrade": false,
			"Revision": 1,
		},
		"Capabilities": map[string]interface{}{
			"APIVersions": versions,
			"KubeVersion": map[string]interface{}{"Version": "v1.20.2", "Major": "1", "Minor": "20"},
		},
	}
	rendered, err := render(chartDir, name, top)
	if err != nil {
		return err
	}
	var names []string
	for file := range rendered {
		names = append(names, file)
	}
	sort.Strings(names)
	var out bytes.Buffer
	for _, file := range names {
		text := rendered[file]
		if strings.HasSuffix(file, "NOTES.txt") {
			if notesFile != "" {
				if err := os.WriteFile(notesFile, []byte(text), 0o644); err != nil {
					return err
				}
			}
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", file, strings.TrimSpace(text))
	}
	_, err = os.Stdout.Write(out.Bytes())
	return err
}

// render parses every template of the chart into one set (so include sees the helpers) and
// executes each file that is not a partial (a name starting with "_").
func render(chartDir, chartName string, top map[string]interface{}) (map[string]string, error) {
	root := template.New("chart").Option("missingkey=zero")
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env") // Helm removes these two: a chart must not read the installer's environment.
	delete(funcs, "expandenv")
	includedNames := map[string]int{}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		if includedNames[name] > 1000 {
			return "", fmt.Errorf("include %q: too deep (recursion?)", name)
		}
		includedNames[name]++
		defer func() { includedNames[name]-- }()
		var buf strings.Builder
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf strings.Builder
		err = t.Execute(&buf, data)
		return buf.String(), err
	}
	funcs["required"] = func(message string, value interface{}) (interface{}, error) {
		if value == nil {
			return nil, errors.New(message)
		}
		if s, ok := value.(string); ok && s == "" {
			return nil, errors.New(message)
		}
		return value, nil
	}
	funcs["toYaml"] = func(v interface{}) string {
		data, err := yaml.Marshal(jsonCompatible(v))
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	funcs["fromYaml"] = func(text string) map[string]interface{} {
		m, err := parseYAML([]byte(text))
		if err != nil {
			return map[string]interface{}{"Error": err.Error()}
		}
		return m
	}
	funcs["toJson"] = func(v interface{}) string {
		data, err := json.Marshal(jsonCompatible(v))
		if err != nil {
			return ""
		}
		return string(data)
	}
	funcs["fromJson"] = func(text string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(text), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil // helm template: no cluster reads
	}
	root.Funcs(funcs)

	files, err := filepath.Glob(filepath.Join(chartDir, "templates", "*"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var targets []string
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		name := chartName + "/templates/" + filepath.Base(file)
		if _, err := root.New(name).Parse(string(text)); err != nil {
			return nil, err
		}
		if !strings.HasPrefix(filepath.Base(file), "_") {
			targets = append(targets, name)
		}
	}
	result := map[string]string{}
	for _, name := range targets {
		data := map[string]interface{}{}
		for k, v := range top {
			data[k] = v
		}
		data["Template"] = map[string]interface{}{"Name": name, "BasePath": chartName + "/templates"}
		var buf strings.Builder
		if err := root.ExecuteTemplate(&buf, name, data); err != nil {
			return nil, err
		}
		result[name] = strings.ReplaceAll(buf.String(), "<no value>", "")
	}
	return result, nil
}

// validateSchema checks the coalesced values against the chart's JSON schema, like helm does.
func validateSchema(path string, values map[string]interface{}) error {
	schema, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	document, err := json.Marshal(values)
	if err != nil {
		return err
	}
	result, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(document))
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if result.Valid() {
		return nil
	}
	var problems []string
	for _, e := range result.Errors() {
		problems = append(problems, "- "+e.String())
	}
	return fmt.Errorf("values don't meet the specifications of the schema(s) in the following chart(s):\n%s", strings.Join(problems, "\n"))
}

func readYAMLFile(path string) (map[string]interface{}, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := parseYAML(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return m, nil
}

// parseYAML reads YAML the way Helm does (sigs.k8s.io/yaml): through JSON, numbers as json.Number.
func parseYAML(data []byte) (map[string]interface{}, error) {
	var raw interface{}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	encoded, err := json.Marshal(jsonCompatible(raw))
	if err != nil {
		return nil, err
	}
	m := map[string]interface{}{}
	if string(encoded) == "null" {
		return m, nil
	}
	decoder := json.NewDecoder(bytes.NewReader(encoded))
	decoder.UseNumber()
	if err := decoder.Decode(&m); err != nil {
		return nil, errors.New("the document is not a mapping")
	}
	return m, nil
}

// jsonCompatible turns yaml.v2's map[interface{}]interface{} into map[string]interface{}.
func jsonCompatible(v interface{}) interface{} {
	switch x := v.(type) {
	case map[interface{}]interface{}:
		m := map[string]interface{}{}
		for k, val := range x {
			m[fmt.Sprint(k)] = jsonCompatible(val)
		}
		return m
	case map[string]interface{}:
		m := map[string]interface{}{}
		for k, val := range x {
			m[k] = jsonCompatible(val)
		}
		return m
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, val := range x {
			out[i] = jsonCompatible(val)
		}
		return out
	default:
		return v
	}
}

// coalesce merges override into base: maps recursively, everything else replaced; null deletes.
func coalesce(override, base map[string]interface{}) map[string]interface{} {
	for k, v := range override {
		if v == nil {
			delete(base, k)
			continue
		}
		if om, ok := v.(map[string]interface{}); ok {
			if bm, ok := base[k].(map[string]interface{}); ok {
				base[k] = coalesce(om, bm)
				continue
			}
		}
		base[k] = v
	}
	return base
}

// applySet applies one --set a.b.c=value (several comma-separated), typing values as Helm's
// strvals does: integers, true/false and null; everything else is a string.
func applySet(values map[string]interface{}, expression string) error {
	for _, part := range strings.Split(expression, ",") {
		eq := strings.Index(part, "=")
		if eq <= 0 {
			return fmt.Errorf("--set %q: expected key=value", part)
		}
		path, raw := strings.Split(part[:eq], "."), part[eq+1:]
		var value interface{} = raw
		if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
			value = json.Number(strconv.FormatInt(n, 10))
		} else if raw == "true" || raw == "false" {
			value = raw == "true"
		} else if raw == "null" {
			value = nil
		}
		node := values
		for _, key := range path[:len(path)-1] {
			child, ok := node[key].(map[string]interface{})
			if !ok {
				child = map[string]interface{}{}
				node[key] = child
			}
			node = child
		}
		last := path[len(path)-1]
		if value == nil {
			delete(node, last)
		} else {
			node[last] = value
		}
	}
	return nil
}

func str(v interface{}) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}
