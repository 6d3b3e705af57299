import { createApp } from 'vue';
import { createPinia } from 'pinia';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'element-plus/theme-chalk/base.css';
import App from './App.vue';
import { router } from './router';
import './styles.css';

// Chinese dates, weeks starting on Monday (Element Plus' date picker follows dayjs' locale)
dayjs.locale('zh-cn');

createApp(App).use(createPinia()).use(router).mount('#app');
