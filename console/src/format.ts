/** An instant as officials read it: Beijing time, 24-hour clock (empty when there is none). */
export const time = (iso?: string) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');
