// The server's own words about an error (its English message and field messages), collapsed under "详情": the
// user reads the translated text above it; support can open this.
import { useI18n } from './i18n';

export function ErrorDetails({ text }: { text: string | null | undefined }) {
  const { t } = useI18n();
  if (!text) return null;
  return (
    <details className="jw-err-details" style={{ marginTop: 4 }}>
      <summary style={{ cursor: 'pointer' }}>{t('common.details')}</summary>
      <pre style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0', fontSize: 12 }}>{text}</pre>
    </details>
  );
}
