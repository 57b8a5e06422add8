package v1alpha1

// Of points at the tally of one improvement area, nil for an area this
// version of the API does not know.
func (t *AreaTallies) Of(area ImprovementArea) *ActionTally {
	switch area {
	case AreaPoliciesProcessesProcedures:
		return &t.PoliciesProcessesProcedures
	case AreaRolesResponsibilitiesTraining:
		return &t.RolesResponsibilitiesTraining
	case AreaSystemConfiguration:
		return &t.SystemConfiguration
	case AreaSecurityMonitoringReporting:
		return &t.SecurityMonitoringReporting
	case AreaInvestigationProcedures:
		return &t.InvestigationProcedures
	case AreaContainmentRecovery:
		return &t.ContainmentRecovery
	case AreaGovernanceCommunication:
		return &t.GovernanceCommunication
	case AreaSystemInterdependence:
		return &t.SystemInterdependence
	case AreaMeasureReliability:
		return &t.MeasureReliability
	}
	return nil
}

// Of points at the tally of one priority, nil for a priority this version
// of the API does not know.
func (t *PriorityTallies) Of(p Priority) *ActionTally {
	switch p {
	case PriorityCritical:
		return &t.Critical
	case PriorityHigh:
		return &t.High
	case PriorityMedium:
		return &t.Medium
	case PriorityLow:
		return &t.Low
	}
	return nil
}
