import { Button, Card, Typography } from 'antd';
import { useAuth } from '../../app/auth';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useAccountText } from './texts';

/** Outside demo mode, a user on an initial password sees only this until it is changed. */
export function ForcedPasswordChange() {
  const a = useAccountText();
  const { retry, logout } = useAuth();
  return (
    <div className="jw-login">
      <Card className="jw-login-card" variant="borderless" data-testid="forced-password-change">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {a('forcedTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{a('forcedBody')}</Typography.Paragraph>
        <ChangePasswordForm onDone={retry} />
        <Button type="link" onClick={() => void logout()} style={{ paddingLeft: 0, marginTop: 8 }}>
          {a('logout')}
        </Button>
      </Card>
    </div>
  );
}
