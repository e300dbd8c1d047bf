// 中文 / EN above the cards of the pages shown before logging in (login, first run); the shell has its own in the menu bar.
import { Segmented } from 'antd';
import { useI18n } from '../app/i18n';
import type { Lang } from '../app/dict';

export function LangSwitch() {
  const { lang, setLang } = useI18n();
  return (
    <div className="jw-login-lang">
      <Segmented
        size="small"
        value={lang}
        onChange={(v) => setLang(v as Lang)}
        options={[
          { value: 'zh', label: '中文' },
          { value: 'en', label: 'EN' },
        ]}
      />
    </div>
  );
}
