import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPartyClient } from './apollo/client';
import { App } from './App';
import { NoticeProvider } from './hooks/useNotice';
import { takeLoginFromUrl } from './lib/session';
import './styles.css';

takeLoginFromUrl();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApolloProvider client={createPartyClient()}>
      <NoticeProvider>
        <App />
      </NoticeProvider>
    </ApolloProvider>
  </StrictMode>,
);
