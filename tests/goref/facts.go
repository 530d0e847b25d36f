package main

// Workspace facts: what the CLI would learn from its authenticated workspace client, injected.
// Field names are those of bricksmith's WorkspaceFacts, so one facts mapping feeds both sides;
// an absent fact is empty here (goref never asks a workspace).

import (
	"errors"
	"net/url"
	"os"
	"sort"
	"strings"
	"unicode"
)

type warehouse struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	State string `json:"state"`
}

type facts struct {
	// The configured host, before the SDK's normalisation; "" means unconfigured.
	WorkspaceHost   string `json:"workspace_host"`
	AzureResourceID string `json:"azure_resource_id"`

	// The SCIM "Me" user. short_name and is_service_principal are derived from it like the CLI
	// does; the two optional overrides exist for goref-only experiments.
	UserName           string  `json:"user_name"`
	DisplayName        string  `json:"display_name"`
	ShortName          *string `json:"short_name"`
	IsServicePrincipal *bool   `json:"is_service_principal"`

	DefaultCatalog string      `json:"default_catalog"`
	BundleUUID     string      `json:"bundle_uuid"`
	Warehouses     []warehouse `json:"warehouses"`
}

const noHostMessage = "cannot determine target workspace, please first setup a configuration profile using 'databricks auth login'"

// host is the SDK's canonical form: scheme://host[:port], https assumed when no scheme is given.
func (f *facts) host() (string, error) {
	if f.WorkspaceHost == "" {
		return "", errors.New(noHostMessage)
	}
	u, err := url.Parse(f.WorkspaceHost)
	if err != nil {
		return "", err
	}
	if u.Host == "" {
		if u, err = url.Parse("https://" + f.WorkspaceHost); err != nil {
			return "", err
		}
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host}).String(), nil
}

func (f *facts) nodeType() (string, error) {
	h, err := f.host()
	if err != nil {
		return "", err
	}
	u, _ := url.Parse(h)
	name := u.Hostname()
	azure := f.AzureResourceID != ""
	for _, zone := range []string{".azuredatabricks.net", ".databricks.azure.cn", ".databricks.azure.us"} {
		azure = azure || strings.HasSuffix(name, zone)
	}
	if azure {
		return "Standard_D3_v2", nil
	}
	if strings.HasSuffix(name, ".gcp.databricks.com") {
		return "n1-standard-4", nil
	}
	return "i3.xlarge", nil
}

func (f *facts) servicePrincipal() bool {
	if f.IsServicePrincipal != nil {
		return *f.IsServicePrincipal
	}
	return isUUID(f.UserName)
}

// shortName: the local part of the user name (a service principal's display name when it has
// one), lowercased, every rune that is not a letter or digit turned into '_', runs of '_'
// collapsed and trimmed.
func (f *facts) shortName() string {
	if f.ShortName != nil {
		return *f.ShortName
	}
	name := f.UserName
	if isUUID(f.UserName) && f.DisplayName != "" {
		name = f.DisplayName
	}
	local, _, _ := strings.Cut(name, "@")
	mapped := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return '_'
	}, strings.ToLower(local))
	for strings.Contains(mapped, "__") {
		mapped = strings.ReplaceAll(mapped, "__", "_")
	}
	return strings.Trim(mapped, "_")
}

// recordDeploymentHistory reads DATABRICKS_BUNDLE_INIT_RECORD_DEPLOYMENT_HISTORY.
func recordDeploymentHistory() bool {
	switch strings.ToLower(os.Getenv("DATABRICKS_BUNDLE_INIT_RECORD_DEPLOYMENT_HISTORY")) {
	case "1", "t", "true", "y", "yes", "on":
		return true
	}
	return false
}

// warehousePath picks the warehouse the non-interactive `format: warehouse_path` resolver takes:
// not deleted, ordered running < starting < stopped < stopping, then by case-insensitive name.
func (f *facts) warehousePath() (string, error) {
	rank := map[string]int{"RUNNING": 0, "STARTING": 1, "STOPPED": 2, "STOPPING": 3}
	var usable []warehouse
	for _, w := range f.Warehouses {
		if w.State != "DELETED" && w.State != "DELETING" {
			usable = append(usable, w)
		}
	}
	if len(usable) == 0 {
		return "", errors.New("no compatible warehouses")
	}
	sort.SliceStable(usable, func(i, j int) bool {
		ri, oki := rank[usable[i].State]
		rj, okj := rank[usable[j].State]
		if !oki {
			ri = len(rank)
		}
		if !okj {
			rj = len(rank)
		}
		if ri != rj {
			return ri < rj
		}
		return strings.ToLower(usable[i].Name) < strings.ToLower(usable[j].Name)
	})
	return "/sql/1.0/warehouses/" + usable[0].ID, nil
}
