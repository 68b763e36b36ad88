import { Route, Routes } from 'react-router';
import { AssessmentPage } from './features/assessments/AssessmentPage.tsx';
import { AcceptInvitationPage } from './features/auth/AcceptInvitationPage.tsx';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage.tsx';
import { MfaSetupPage } from './features/auth/MfaSetupPage.tsx';
import { RequireAuth, RequirePasswordChanged } from './features/auth/RequireAuth.tsx';
import { SecurityPage } from './features/auth/SecurityPage.tsx';
import { SignInPage } from './features/auth/SignInPage.tsx';
import { ConsentFormPage } from './features/consents/ConsentFormPage.tsx';
import { DisclosuresPage } from './features/consents/DisclosuresPage.tsx';
import { ContactDetailPage } from './features/contacts/ContactDetailPage.tsx';
import { EmergencyAccessPage } from './features/emergency-access/EmergencyAccessPage.tsx';
import { EmergencyReviewPage } from './features/emergency-access/EmergencyReviewPage.tsx';
import { LogContactPage } from './features/contacts/LogContactPage.tsx';
import { CaseloadPage } from './features/participants/CaseloadPage.tsx';
import { EditParticipantPage, NewParticipantPage } from './features/participants/ParticipantFormPages.tsx';
import { PlanEditPage, PlanVersionPage, PlanVersionsPage } from './features/plans/PlanPages.tsx';
import { PlanPrintPage } from './features/plans/PlanPrintPage.tsx';
import { ParticipantPage } from './features/participants/ParticipantPage.tsx';
import { NaloxonePage } from './features/naloxone/NaloxonePage.tsx';
import { NewReferralPage } from './features/referrals/NewReferralPage.tsx';
import { DashboardRoute, ProgramReportRoute } from './features/reports/lazyPages.tsx';
import { ReferralPage } from './features/referrals/ReferralPage.tsx';
import { AppShell } from './features/shell/AppShell.tsx';
import { AnalysisPage } from './features/supervision/AnalysisPage.tsx';
import { CodebookPage } from './features/supervision/CodebookPage.tsx';
import { EditSessionPage, NewSessionPage } from './features/supervision/SessionFormPage.tsx';
import { SessionPage } from './features/supervision/SessionPage.tsx';
import { SupervisionPage } from './features/supervision/SupervisionPage.tsx';
import { HomePage } from './features/shell/HomePage.tsx';
import { EditResourcePage, NewResourcePage } from './features/resources/ResourceFormPage.tsx';
import { ResourcesPage } from './features/resources/ResourcesPage.tsx';
import { RequirePermission } from './features/shell/RequirePermission.tsx';
import { NotFoundPage } from './features/shell/StatusPages.tsx';
import { EditSitePage, NewSitePage } from './features/sites/SiteFormPage.tsx';
import { AnalysisExportPage } from './features/exports/AnalysisExportPage.tsx';
import { StudiesPage } from './features/studies/StudiesPage.tsx';
import { StudyPage } from './features/studies/StudyPage.tsx';
import { SitesPage } from './features/sites/SitesPage.tsx';
import { EditUserPage, NewUserPage } from './features/users/UserFormPage.tsx';
import { UsersPage } from './features/users/UsersPage.tsx';
import { WorklistPage } from './features/worklist/WorklistPage.tsx';

/** Every page of the app. Public pages first; the rest need a session. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/invitation/:token" element={<AcceptInvitationPage />} />
      <Route element={<RequireAuth />}>
        <Route element={<AppShell />}>
          <Route path="/password" element={<ChangePasswordPage />} />
          <Route element={<RequirePasswordChanged />}>
            <Route index element={<HomePage />} />
            <Route path="/account/mfa/setup" element={<MfaSetupPage />} />
            <Route path="/account/security" element={<SecurityPage />} />
            <Route path="/worklist" element={<RequirePermission permission="participants:read"><WorklistPage /></RequirePermission>} />
            <Route path="/participants" element={<RequirePermission permission="participants:read"><CaseloadPage /></RequirePermission>} />
            <Route path="/participants/emergency-access" element={<RequirePermission permission="participants:emergency_access"><EmergencyAccessPage /></RequirePermission>} />
            <Route path="/participants/new" element={<RequirePermission permission="participants:write"><NewParticipantPage /></RequirePermission>} />
            <Route path="/participants/:id" element={<RequirePermission permission="participants:read"><ParticipantPage /></RequirePermission>} />
            <Route path="/participants/:id/contacts/new" element={<RequirePermission permission="participants:write"><LogContactPage /></RequirePermission>} />
            <Route path="/participants/:id/contacts/:contactId" element={<RequirePermission permission="participants:read"><ContactDetailPage /></RequirePermission>} />
            <Route path="/participants/:id/assessments/:assessmentId" element={<RequirePermission permission="participants:read"><AssessmentPage /></RequirePermission>} />
            <Route path="/participants/:id/edit" element={<RequirePermission permission="participants:write"><EditParticipantPage /></RequirePermission>} />
            <Route path="/participants/:id/plan/edit" element={<RequirePermission permission="participants:write"><PlanEditPage /></RequirePermission>} />
            <Route path="/participants/:id/plan/versions" element={<RequirePermission permission="participants:read"><PlanVersionsPage /></RequirePermission>} />
            <Route path="/participants/:id/plan/versions/:n" element={<RequirePermission permission="participants:read"><PlanVersionPage /></RequirePermission>} />
            <Route path="/participants/:id/plan/print" element={<RequirePermission permission="participants:read"><PlanPrintPage /></RequirePermission>} />
            <Route path="/participants/:id/referrals/new" element={<RequirePermission permission="participants:write"><NewReferralPage /></RequirePermission>} />
            <Route path="/referrals/:id" element={<RequirePermission permission="participants:read"><ReferralPage /></RequirePermission>} />
            <Route path="/participants/:id/consents/new" element={<RequirePermission permission="participants:write"><ConsentFormPage /></RequirePermission>} />
            <Route path="/participants/:id/disclosures" element={<RequirePermission permission="participants:read"><DisclosuresPage /></RequirePermission>} />
            <Route path="/resources" element={<RequirePermission permission="participants:read"><ResourcesPage /></RequirePermission>} />
            <Route path="/resources/new" element={<RequirePermission permission="resources:manage"><NewResourcePage /></RequirePermission>} />
            <Route path="/resources/:id/edit" element={<RequirePermission permission="resources:manage"><EditResourcePage /></RequirePermission>} />
            <Route path="/naloxone" element={<RequirePermission permission="sites:read"><NaloxonePage /></RequirePermission>} />
            <Route path="/supervision" element={<RequirePermission permission="supervision:read"><SupervisionPage /></RequirePermission>} />
            <Route path="/supervision/new" element={<RequirePermission permission="supervision:record"><NewSessionPage /></RequirePermission>} />
            <Route path="/supervision/sessions/:id" element={<RequirePermission permission="supervision:read"><SessionPage /></RequirePermission>} />
            <Route path="/supervision/sessions/:id/edit" element={<RequirePermission permission="supervision:record"><EditSessionPage /></RequirePermission>} />
            <Route path="/supervision/codebook" element={<RequirePermission permission="sites:read"><CodebookPage /></RequirePermission>} />
            <Route path="/supervision/analysis" element={<RequirePermission permission="supervision:analyze"><AnalysisPage /></RequirePermission>} />
            <Route path="/reports" element={<RequirePermission permission="reports:read"><DashboardRoute /></RequirePermission>} />
            <Route path="/reports/program" element={<RequirePermission permission="reports:read"><ProgramReportRoute /></RequirePermission>} />
            <Route path="/exports/analysis" element={<RequirePermission permission="exports:analysis"><AnalysisExportPage /></RequirePermission>} />
            <Route path="/admin/studies" element={<RequirePermission permission="studies:manage"><StudiesPage /></RequirePermission>} />
            <Route path="/admin/studies/:id" element={<RequirePermission permission="studies:manage"><StudyPage /></RequirePermission>} />
            <Route path="/admin/sites" element={<RequirePermission permission="sites:read"><SitesPage /></RequirePermission>} />
            <Route path="/admin/sites/new" element={<RequirePermission permission="sites:manage"><NewSitePage /></RequirePermission>} />
            <Route path="/admin/sites/:id/edit" element={<RequirePermission permission="sites:manage"><EditSitePage /></RequirePermission>} />
            <Route path="/admin/users" element={<RequirePermission permission="users:read"><UsersPage /></RequirePermission>} />
            <Route path="/admin/users/new" element={<RequirePermission permission="users:manage"><NewUserPage /></RequirePermission>} />
            <Route path="/admin/users/:id/edit" element={<RequirePermission permission="users:manage"><EditUserPage /></RequirePermission>} />
            <Route path="/admin/emergency-access" element={<RequirePermission permission="audit:read"><EmergencyReviewPage /></RequirePermission>} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Route>
    </Routes>
  );
}
