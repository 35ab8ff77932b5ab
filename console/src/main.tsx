import './zod-setup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { App } from './App';
// Self-hosted Noto Sans SC: split by unicode-range, so a page loads only the subsets it shows; the
// same Chinese glyphs on every official's machine (and in headless browsers without CJK fonts).
import '@fontsource-variable/noto-sans-sc';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1f6fd1', fontFamily: "'Noto Sans SC Variable', 'PingFang SC', 'Microsoft YaHei', sans-serif" } }}>
      <AntApp>
        <App />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
