// 我的工作: the home of a partner account (网格员, 调解员, 城管, 部门联络员, 义警; issue 12 part 2). A partner sees only
// the work handed to them; the disputes and handover-ticket modules (issue 16) add their lists below the greeting.
import { Card, Typography } from 'antd';
import { USER_ROLE_LABELS } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { MyDisputes } from '../disputes/MyDisputes';
import { MyTickets } from '../tickets/MyTickets';

export default function PartnerHome() {
  const { t, label } = useI18n();
  const { user } = useAuth();
  if (!user) return null;
  return (
    <div className="jw-page" data-testid="partner-home" style={{ maxWidth: 960, margin: '0 auto', padding: 12 }}>
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('partner.greeting', { name: user.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
          {label(USER_ROLE_LABELS, user.role)} · {user.scopeAreaName ? t('partner.scope', { area: user.scopeAreaName }) : t('partner.scopeAll')}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('partner.intro')}
        </Typography.Paragraph>
      </Card>
      <MyDisputes />
      <MyTickets />
    </div>
  );
}
