package provider

import "fmt"

// importAdvice is the part of an error that finds an object Terraform does
// not know (an earlier apply made it and was stopped before recording it):
// the terraform import command and the import block that adopt it. The
// provider is not told the resource's address; Terraform prints it with the
// error, and example shows its form.
func importAdvice(example, id string) string {
	return fmt.Sprintf("Adopt it with\n\n"+
		"  terraform import <address> '%s'\n\n"+
		"where <address> is this resource's address, printed with this error (such as %s), or, with Terraform 1.5 or newer, "+
		"add this block and run terraform apply:\n\n"+
		"  import {\n    to = <address>\n    id = %q\n  }\n\n"+
		"After the import, terraform plan shows no changes when the configuration matches it.\n", id, example, id)
}
