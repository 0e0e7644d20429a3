import { App } from './app.js';
import { Connection } from './connection.js';
import { tickRelativeTimes } from './markdown.js';
import './styles.css';

const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
const connection = new Connection(`${scheme}://${location.host}/ws`);
const app = new App((frame) => connection.send(frame));
connection.onFrame((frame) => app.handle(frame));
connection.onStatus((online) => app.setOnline(online));
connection.open();
setInterval(() => {
  try {
    tickRelativeTimes(document);
  } catch (error) {
    console.error('playground: updating relative times failed', error);
  }
}, 1000);
