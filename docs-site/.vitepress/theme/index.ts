/** The default VitePress theme, plus the styles of the reference's risk badges. */
import DefaultTheme from "vitepress/theme";
import "./style.css";

export default DefaultTheme;
