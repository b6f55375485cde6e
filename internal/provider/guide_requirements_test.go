package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The Requirements guide's table agrees with the tests' version skips: every
// feature a test skips below a Terraform version has a row that says "—" in
// the columns of older versions and "yes" from that version on. A new skip
// reason fails here until the guide has a row for it.
func TestRequirementsGuideMatchesVersionSkips(t *testing.T) {
	t.Parallel()
	rowOf := map[string]string{ // skip reason -> the row's first cell
		"import blocks and -generate-config-out need Terraform 1.5":                     "`import` blocks and `plan -generate-config-out`",
		"import blocks with for_each need Terraform 1.7":                                "`import` blocks with `for_each` (importing every cluster at once)",
		"moved blocks between resource types of different providers need Terraform 1.8": "`moved` blocks from `zilliztech/zillizcloud`",
		"write-only attributes need Terraform 1.11":                                     "`token_wo`, the write-only collection token",
	}
	guide, err := os.ReadFile("../../templates/guides/requirements.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	var header []string
	rows := map[string][]string{}
	for _, line := range strings.Split(string(guide), "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if header == nil {
			header = cells
			continue
		}
		rows[cells[0]] = cells
	}
	column := map[int]int{} // Terraform minor version -> column index
	for i, h := range header {
		if m := regexp.MustCompile(`^Terraform 1\.(\d+)$`).FindStringSubmatch(h); m != nil {
			minor, _ := strconv.Atoi(m[1])
			column[minor] = i
		}
	}

	sources, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	skip := regexp.MustCompile(`(?:skipBelow\(|skipBelowBecause\{)tfversion\.Version1_(\d+)_0, "([^"]+)"`)
	found := 0
	for _, f := range sources {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range skip.FindAllStringSubmatch(string(src), -1) {
			found++
			minMinor, _ := strconv.Atoi(m[1])
			label, ok := rowOf[m[2]]
			if !ok {
				t.Errorf("%s skips below Terraform 1.%d (%q): add a row to the Requirements guide and to this test", f, minMinor, m[2])
				continue
			}
			row, ok := rows[label]
			if !ok {
				t.Errorf("the Requirements guide has no row %q", label)
				continue
			}
			if _, ok := column[minMinor]; !ok {
				t.Errorf("the Requirements guide has no column Terraform 1.%d (%q)", minMinor, m[2])
			}
			for minor, i := range column {
				want := "yes"
				if minor < minMinor {
					want = "—"
				}
				if i >= len(row) || row[i] != want {
					t.Errorf("row %q, Terraform 1.%d: want %q (the tests skip below 1.%d)", label, minor, want, minMinor)
				}
			}
		}
	}
	if found < len(rowOf) {
		t.Errorf("found %d version skips in the tests, want at least %d: did the skip helpers change?", found, len(rowOf))
	}
}
