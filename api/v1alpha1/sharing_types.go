package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Audience is who the learning of an analysis was shared with.
// +kubebuilder:validation:Enum=Team;Staff;Reporter;Board;ICB;CSOC;WARP;Regulator;OtherOrganisation
type Audience string

// The audiences learning is shared with. Team, Staff and Reporter are
// inside the organisation; the others are outside it, or above it.
const (
	// AudienceTeam: the team where the incident happened.
	AudienceTeam Audience = "Team"
	// AudienceStaff: the organisation's staff at large (a bulletin, a
	// briefing).
	AudienceStaff Audience = "Staff"
	// AudienceReporter: whoever reported the incident, told what came of
	// the report (the just-culture guide: reporting is encouraged when it
	// is seen to lead somewhere).
	AudienceReporter Audience = "Reporter"
	// AudienceBoard: the organisation's board.
	AudienceBoard Audience = "Board"
	// AudienceICB: the integrated care board.
	AudienceICB Audience = "ICB"
	// AudienceCSOC: the NHS England Cyber Security Operations Centre.
	AudienceCSOC Audience = "CSOC"
	// AudienceWARP: a warning, advice and reporting point.
	AudienceWARP Audience = "WARP"
	// AudienceRegulator: a regulator (the ICO, the CQC).
	AudienceRegulator Audience = "Regulator"
	// AudienceOtherOrganisation: another health or care organisation.
	AudienceOtherOrganisation Audience = "OtherOrganisation"
)

// Audiences lists every audience, in the order of the enum.
func Audiences() []Audience {
	return []Audience{AudienceTeam, AudienceStaff, AudienceReporter, AudienceBoard, AudienceICB,
		AudienceCSOC, AudienceWARP, AudienceRegulator, AudienceOtherOrganisation}
}

// External tells whether the audience is outside the organisation, so a
// learning pack for it shares only what may leave the organisation.
func (a Audience) External() bool {
	switch a {
	case AudienceTeam, AudienceStaff, AudienceReporter, AudienceBoard:
		return false
	}
	return true
}

// LearningShare records that an analysis's learning was shared with an
// audience: with whom, when, by whom and how. Entries are append-only, so
// the record of sharing is evidence like the analysis itself.
type LearningShare struct {
	// audience is who the learning was shared with: Team, Staff, Reporter,
	// Board, ICB, CSOC, WARP, Regulator or OtherOrganisation.
	// +required
	Audience Audience `json:"audience"`

	// at is when it was shared (RFC 3339, in the years 1900 to 2999 UTC).
	// +required
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:Format=date-time
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:Pattern=`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`
	// +kubebuilder:validation:XValidation:rule="self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')",message="must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	At metav1.Time `json:"at"`

	// by is who shared it: an e-mail address or team:<name>.
	// +required
	By Person `json:"by"`

	// how it was shared, e.g. "staff bulletin, December issue" or
	// "learning pack sent to the ICB's cyber lead".
	// +optional
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=1024
	How Line `json:"how,omitempty"`

	// links to what was shared or where (the bulletin, the pack as sent).
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=2
	Links []Link `json:"links,omitempty"`
}
