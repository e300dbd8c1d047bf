import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n';
import { AuthProvider, useAuth } from './auth';
import { ClientConfigProvider } from './config';
import { appTheme } from './theme';
import { Shell } from './Shell';
import { LoginPage } from '../features/login/LoginPage';
import { SetupPage } from '../features/setup/SetupPage';
import { errorText } from '../api/errors';
import { isPartnerRole } from '@jingwang/contracts';

const CommandRoom = lazy(() => import('../features/command/CommandRoom'));
const AreasPage = lazy(() => import('../features/areas/AreasPage'));
const UnitsPage = lazy(() => import('../features/units/UnitsPage'));
const PeoplePage = lazy(() => import('../features/people/PeoplePage'));
const AdminPage = lazy(() => import('../features/admin/AdminPage'));
const RosterPage = lazy(() => import('../features/roster/RosterPage'));
const ResponsePage = lazy(() => import('../features/response/ResponsePage'));
const PatrolPage = lazy(() => import('../features/patrol/PatrolPage'));
const FieldPage = lazy(() => import('../features/field/FieldPage'));
const HomePage = lazy(() => import('../features/home/HomePage'));
const InstructionsPage = lazy(() => import('../features/instructions/InstructionsPage'));
const VideoPage = lazy(() => import('../features/video/VideoPage'));
const FraudPage = lazy(() => import('../features/fraud/FraudPage'));
const RegistryPage = lazy(() => import('../features/registry/RegistryPage'));
const CasesPage = lazy(() => import('../features/cases/CasesPage'));
const DisputesPage = lazy(() => import('../features/disputes/DisputesPage'));
const TicketsPage = lazy(() => import('../features/tickets/TicketsPage'));
const ForecastPage = lazy(() => import('../features/forecast/ForecastPage'));
const SimPage = lazy(() => import('../features/sim/SimPage'));
const ReportsPage = lazy(() => import('../features/reports/ReportsPage'));
const MyScreenPage = lazy(() => import('../features/screens/MyScreenPage'));
const StationScreenPage = lazy(() => import('../features/screens/StationScreenPage'));
const DistrictScreen = lazy(() => import('../features/screens/DistrictScreen'));
const AssessmentPage = lazy(() => import('../features/assessment/AssessmentPage'));
const IncidentSearchPage = lazy(() => import('../features/incidents/IncidentSearchPage'));
const PartnerHome = lazy(() => import('../features/partner/PartnerHome'));

function Loading() {
  const { t } = useI18n();
  return (
    <div className="jw-center">
      <Spin size="large" />
      <div style={{ marginTop: 12 }}>{t('common.loading')}</div>
    </div>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { state, retry } = useAuth();
  const { t, lang } = useI18n();
  const loc = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error')
    return (
      <Result
        status="warning"
        title={errorText(state.error, lang)}
        extra={
          <Button type="primary" onClick={retry}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  if (state.status === 'anon') return <Navigate to="/login" replace state={{ from: loc.pathname, expired: state.expired }} />;
  return <>{children}</>;
}

/** Officers land on their home (live dispatch, instructions, checklist, patrol); partners on their own work; everyone else on the command room. */
function Home() {
  const { user } = useAuth();
  if (user?.role === 'officer') return <HomePage />;
  if (isPartnerRole(user?.role)) return <PartnerHome />;
  return <CommandRoom />;
}

function Localised({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={appTheme}>
      <AntApp className="jw-antapp">{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localised>
        <ClientConfigProvider>
          <AuthProvider>
            <BrowserRouter>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  <Route path="/setup" element={<SetupPage />} />
                  {/* the district big screen (一屏通览): full screen, without the header */}
                  <Route
                    path="/screen/district"
                    element={
                      <RequireAuth>
                        <DistrictScreen />
                      </RequireAuth>
                    }
                  />
                  <Route
                    element={
                      <RequireAuth>
                        <Shell />
                      </RequireAuth>
                    }
                  >
                    <Route index element={<Home />} />
                    <Route path="command" element={<CommandRoom />} />
                    <Route path="incidents" element={<IncidentSearchPage />} />
                    <Route path="areas" element={<AreasPage />} />
                    <Route path="units" element={<UnitsPage />} />
                    <Route path="people" element={<PeoplePage />} />
                    <Route path="admin" element={<AdminPage />} />
                    <Route path="roster" element={<RosterPage />} />
                    <Route path="response" element={<ResponsePage />} />
                    <Route path="patrol" element={<PatrolPage />} />
                    <Route path="field" element={<FieldPage />} />
                    <Route path="video" element={<VideoPage />} />
                    <Route path="fraud" element={<FraudPage />} />
                    <Route path="registry" element={<RegistryPage />} />
                    <Route path="cases" element={<CasesPage />} />
                    <Route path="disputes" element={<DisputesPage />} />
                    <Route path="tickets" element={<TicketsPage />} />
                    <Route path="instructions" element={<InstructionsPage />} />
                    <Route path="forecast" element={<ForecastPage />} />
                    <Route path="sim" element={<SimPage />} />
                    <Route path="reports" element={<ReportsPage />} />
                    <Route path="reports/:id" element={<ReportsPage />} />
                    <Route path="me" element={<MyScreenPage />} />
                    <Route path="station" element={<StationScreenPage />} />
                    <Route path="assessment" element={<AssessmentPage />} />
                    <Route path="*" element={<Navigate to="/" replace />} />
                  </Route>
                </Routes>
              </Suspense>
            </BrowserRouter>
          </AuthProvider>
        </ClientConfigProvider>
      </Localised>
    </I18nProvider>
  );
}
