// Package engagement measures and plans the relationship with each
// account: satisfaction with honest uncertainty, stakeholder coverage, the
// collective view of change impact, and the voice of the customer.
//
// # Satisfaction
//
// (Written by the satisfaction author.)
//
// # Stakeholders, changes and feedback
//
// (Written by the changes' author.)
package engagement
