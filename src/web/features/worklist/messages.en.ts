/** The critical-time worklist. */
export const worklistMessagesEn = {
  'worklist.title': 'Worklist',
  'worklist.intro': 'Who needs attention now, highest risk first.',
  'worklist.filters': 'Worklist filters',
  'worklist.whose': 'Whose participants',
  'worklist.mine': 'Assigned to me',
  'worklist.everyone': 'Everyone at my sites',
  'worklist.caseloadOf': '{name}’s caseload',
  'worklist.site': 'Site',
  'worklist.allSites': 'All my sites',
  'worklist.noContactDays': 'Flag no successful contact after',
  'worklist.days': { one: '{count} day', other: '{count} days' },
  'worklist.programSetting': '{days} (program setting)',
  'worklist.loading': 'Loading the worklist…',
  'worklist.count': { one: '{count} person needs attention', other: '{count} people need attention' },
  'worklist.considered': { one: 'out of {count} enrollment looked at', other: 'out of {count} enrollments looked at' },
  'worklist.showingFirst': 'Showing the {count} at highest risk. Choose a site or a team member to see the rest.',
  'worklist.empty': 'Nobody needs attention right now.',
  'worklist.emptyNone': 'There are no enrollments here yet.',
  'worklist.list': 'People who need attention',
  'worklist.phase': 'Phase',
  'worklist.discharged': 'Discharged {date}',
  'worklist.team': 'Team',
  'worklist.noTeam': 'No one assigned',
  'worklist.reasons': 'Why',
  'worklist.logContact': 'Log a contact',
  'worklist.logContactFor': 'Log a contact with {name}',
  'worklist.reason.recent_overdose': {
    zero: 'Overdosed today ({date}): reach out, offer naloxone and a way to treatment',
    one: 'Overdosed {count} day ago ({date}): reach out, offer naloxone and a way to treatment',
    other: 'Overdosed {count} days ago ({date}): reach out, offer naloxone and a way to treatment',
  },
  'worklist.reason.released_without_moud': {
    zero: 'Released today ({date}): no MOUD start or appointment recorded',
    one: 'Released {count} day ago ({date}): no MOUD start or appointment recorded',
    other: 'Released {count} days ago ({date}): no MOUD start or appointment recorded',
  },
  'worklist.reason.release_date_passed': {
    one: 'Expected release was {date}, {count} day ago, and the record still says in custody: confirm where they are',
    other: 'Expected release was {date}, {count} days ago, and the record still says in custody: confirm where they are',
  },
  'worklist.reason.release_soon_without_contact': {
    zero: 'Expected release today ({date}): no contact yet in this enrollment',
    one: 'Expected release in {count} day ({date}): no contact yet in this enrollment',
    other: 'Expected release in {count} days ({date}): no contact yet in this enrollment',
  },
  'worklist.reason.no_recent_contact.contact': {
    one: 'No successful contact in {count} day (last {date})',
    other: 'No successful contact in {count} days (last {date})',
  },
  'worklist.reason.no_recent_contact.enrollment': {
    one: 'No successful contact since enrolling {count} day ago',
    other: 'No successful contact since enrolling {count} days ago',
  },
  'worklist.reason.follow_up_closing': {
    zero: 'The 6-month follow-up interview window closes today ({date})',
    one: 'The 6-month follow-up interview window closes in {count} day ({date})',
    other: 'The 6-month follow-up interview window closes in {count} days ({date})',
  },
  'worklist.reason.earlierEnrollment': '(earlier enrollment, from {date})',
  'worklist.reason.plan_steps_overdue': {
    one: '{count} recovery-plan step overdue (due {date})',
    other: '{count} recovery-plan steps overdue (oldest due {date})',
  },
  'worklist.reason.referral_stalled': {
    other: 'Referral to {name} ({status}): no movement in {count} days',
  },
  'worklist.reason.referral_stalled.emergency': {
    other: 'Emergency referral to {name} ({status}): no movement in {count} days',
  },

  // The access history names these actions (audit.actions.<action>).
  'audit.actions.worklist.list': 'Listed on a worklist',
} as const;
