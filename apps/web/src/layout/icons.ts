// Only the icons the menu uses (the whole set would weigh on the entry).
import {
  Calendar, DataBoard, Download, EditPen, Grid, List, Medal, Message, Notebook, OfficeBuilding, Trophy, Warning, Bell, User,
  Checked, Setting, Document, PieChart, Monitor, Key, Avatar, Files,
} from '@element-plus/icons-vue';

export const ICONS: Record<string, unknown> = {
  Calendar, DataBoard, Download, EditPen, Grid, List, Medal, Message, Notebook, OfficeBuilding, Trophy, Warning, Bell, User, Checked,
  Setting, Document, PieChart, Monitor, Key, Avatar, Files,
};
